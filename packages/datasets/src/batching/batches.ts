import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { type ImageSource, checkIndices } from './image-source';
import { epochOrder } from './shuffle';

/** Options of {@link batches}. */
export interface BatchOptions {
  batchSize: number;
  /** Number of classes (one-hot width and label range check). */
  classes: number;
  /** Shuffle seed; without it images come in index order. */
  seed?: number;
  /** Epoch number, so each epoch gets its own seeded order. Default 0. */
  epoch?: number;
  /** Restrict to these image indices (e.g. a split); default all. */
  indices?: ArrayLike<number>;
  /** 'one-hot' (default): ys [N, classes]; 'index': ys [N, 1] float32 class indices. */
  labels?: 'one-hot' | 'index';
  /** Drop a last partial batch. Default false. */
  dropRemainder?: boolean;
}

/** One batch. The consumer owns both tensors and must dispose them (e.g. tf.dispose([xs, ys])). */
export interface Batch {
  /** Images [N, height, width, channels], float32 in [0, 1]. */
  xs: tf.Tensor4D;
  /** One-hot [N, classes] or class indices [N, 1], float32. */
  ys: tf.Tensor2D;
  /** Source indices of the images in this batch. */
  indices: Int32Array;
}

/**
 * Streams batches from a source as an async iterator. Only the current batch exists as tensors
 * (created when it is requested); images are read from the source batch by batch, so lazily
 * decoded folders are never fully in memory. Same seed and epoch ⇒ identical batches.
 */
export async function* batches(source: ImageSource, options: BatchOptions): AsyncGenerator<Batch, void, undefined> {
  const { batchSize, classes, seed, epoch = 0, labels = 'one-hot', dropRemainder = false } = options;
  requirePositiveInteger('batchSize', batchSize);
  requirePositiveInteger('classes', classes);
  if (labels !== 'one-hot' && labels !== 'index') {
    throw new InvalidArgumentError('labels', `expected 'one-hot' or 'index', got '${String(labels)}'`);
  }
  const pool = options.indices ? Int32Array.from(options.indices) : Int32Array.from({ length: source.count }, (_, i) => i);
  checkIndices(pool, source.count);
  const order = seed === undefined ? pool : epochOrder(pool.length, seed, epoch).map((p) => pool[p] as number);
  const { height, width, channels } = source;
  const end = dropRemainder ? order.length - (order.length % batchSize) : order.length;
  for (let start = 0; start < end; start += batchSize) {
    const indices = order.slice(start, Math.min(start + batchSize, end));
    const n = indices.length;
    const bytes = await source.read(indices);
    const pixels = new Float32Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) pixels[i] = (bytes[i] as number) / 255;
    const targets = new Float32Array(labels === 'one-hot' ? n * classes : n);
    for (let i = 0; i < n; i++) {
      const label = source.labels[indices[i] as number] as number;
      if (!Number.isInteger(label) || label < 0 || label >= classes) {
        throw new InvalidArgumentError('labels', `image ${indices[i]} has label ${label}, outside [0, ${classes})`);
      }
      if (labels === 'one-hot') targets[i * classes + label] = 1;
      else targets[i] = label;
    }
    yield {
      xs: tf.tensor4d(pixels, [n, height, width, channels]),
      ys: tf.tensor2d(targets, [n, labels === 'one-hot' ? classes : 1]),
      indices,
    };
  }
}

import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError } from '@lowres/core';

/** An image batch read to the CPU as float32 NHWC. */
export interface ImageBatch {
  readonly data: Float32Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** Reads a [H,W,C] or [N,H,W,C] tensor to the CPU without leaking tensors. */
export function readImageBatch(images: tf.Tensor, name: string): ImageBatch {
  if (!(images instanceof tf.Tensor)) throw new InvalidArgumentError(name, 'expected a tf.Tensor');
  if (images.rank !== 3 && images.rank !== 4) throw new ShapeMismatchError(name, '[H, W, C] or [N, H, W, C]', images.shape);
  const [count, height, width, channels] = (images.rank === 3 ? [1, ...images.shape] : images.shape) as [number, number, number, number];
  if (count * height * width * channels === 0) throw new ShapeMismatchError(name, 'a non-empty image batch', images.shape);
  const asFloat = tf.cast(images, 'float32');
  const data = asFloat.dataSync() as Float32Array;
  if (asFloat !== images) asFloat.dispose();
  return { data, count, height, width, channels };
}

/** One channel of one image as a row-major plane. */
export function channelPlane(batch: ImageBatch, image: number, channel: number): Float64Array {
  const plane = new Float64Array(batch.height * batch.width);
  const offset = image * plane.length * batch.channels;
  for (let i = 0; i < plane.length; i += 1) plane[i] = batch.data[offset + i * batch.channels + channel]!;
  return plane;
}

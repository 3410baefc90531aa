import { ConfigInvalidError } from '../errors';
import { imresize } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { type CheckedDataset, gatherPixels } from './image-dataset';

/**
 * Low-resolution inputs and high-resolution targets for SR pre-training, NHWC: float32 in [0, 1], or
 * bytes (0–255, scaled by 1/255 when batched) when they come from byte datasets, to stay compact.
 * The trainer's storage form of @lowres/datasets' `LrHrPairs`, kept because it covers a whole training
 * set: plain arrays (shared with the datasets by {@link pairDatasets}, no copy) stay out of backend
 * memory, and {@link pairBatch} makes tensors one batch at a time.
 */
export interface PixelPairs {
  readonly lowResolution: Float32Array | Uint8Array;
  readonly highResolution: Float32Array | Uint8Array;
  readonly count: number;
  readonly lowShape: { height: number; width: number; channels: number };
  readonly highShape: { height: number; width: number; channels: number };
}

/**
 * LR/HR pairs from a dataset's images (HR): LR = MATLAB bicubic down-scale by `scale` for an SR front
 * end of that scale; for a scale-1 front end LR = bicubic down by `degradeScale` then up again.
 */
export function makePixelPairs(dataset: CheckedDataset, srScale: number, degradeScale: number, batchSize = 64): PixelPairs {
  const factor = srScale > 1 ? srScale : degradeScale;
  const { height, width, channels } = dataset.shape;
  if (height % factor !== 0 || width % factor !== 0) {
    throw new ConfigInvalidError(
      srScale > 1 ? 'sr' : 'pretrain.degradeScale',
      `images of ${height}×${width} cannot be down-scaled by ${factor} to whole pixels`,
    );
  }
  const lowShape = srScale > 1 ? { height: height / factor, width: width / factor, channels } : { height, width, channels };
  const highResolution = gatherPixels(dataset, Array.from({ length: dataset.count }, (_, i) => i));
  const lowResolution = new Float32Array(dataset.count * lowShape.height * lowShape.width * channels);
  const lowSize = lowShape.height * lowShape.width * channels;
  const highSize = height * width * channels;
  for (let start = 0; start < dataset.count; start += batchSize) {
    const size = Math.min(batchSize, dataset.count - start);
    const values = tf.tidy(() => {
      const hr = tf.tensor4d(highResolution.subarray(start * highSize, (start + size) * highSize), [size, height, width, channels]);
      const down = imresize(hr, { size: [height / factor, width / factor] });
      const low = srScale > 1 ? down : imresize(down, { size: [height, width] });
      return low.dataSync() as Float32Array;
    });
    lowResolution.set(values, start * lowSize);
  }
  return { lowResolution, highResolution, count: dataset.count, lowShape, highShape: dataset.shape };
}

/** Applies a (frozen) model to every image of a dataset in batches; returns a float32 dataset of its outputs. */
export function mapDataset(dataset: CheckedDataset, model: tf.LayersModel, batchSize = 64): CheckedDataset {
  const outShape = model.outputs[0]!.shape;
  const [height, width, channels] = [outShape[1]!, outShape[2]!, outShape[3]!];
  const size = height * width * channels;
  const images = new Float32Array(dataset.count * size);
  for (let start = 0; start < dataset.count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, dataset.count - start) }, (_, i) => start + i);
    const values = tf.tidy(() => {
      const x = tf.tensor4d(gatherPixels(dataset, indices), [indices.length, dataset.height, dataset.width, dataset.channels]);
      return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    });
    images.set(values, start * size);
  }
  return { ...dataset, images, height, width, channels, shape: { height, width, channels } };
}

/** LR/HR pairs from two aligned datasets (image i of `low` is the degraded version of image i of `high`), sharing their pixels. */
export function pairDatasets(low: CheckedDataset, high: CheckedDataset): PixelPairs {
  if (low.count !== high.count || low.channels !== high.channels) {
    throw new ConfigInvalidError('lowResolution', `low-resolution set (${low.count}×${low.channels} channels) does not align with the originals (${high.count}×${high.channels})`);
  }
  return {
    lowResolution: low.images,
    highResolution: high.images,
    count: high.count,
    lowShape: low.shape,
    highShape: high.shape,
  };
}

/** The pairs' images at `indices` as one float32 NHWC tensor in [0, 1] (bytes are scaled by 1/255). */
export function pairBatch(source: Float32Array | Uint8Array, shape: PixelPairs['lowShape'], indices: ArrayLike<number>): tf.Tensor4D {
  const size = shape.height * shape.width * shape.channels;
  const out = new Float32Array(indices.length * size);
  const scale = source instanceof Uint8Array ? 1 / 255 : 1;
  for (let i = 0; i < indices.length; i++) {
    const image = source.subarray(indices[i]! * size, (indices[i]! + 1) * size);
    if (scale === 1) out.set(image, i * size);
    else for (let k = 0; k < size; k++) out[i * size + k] = image[k]! * scale;
  }
  return tf.tensor4d(out, [indices.length, shape.height, shape.width, shape.channels]);
}

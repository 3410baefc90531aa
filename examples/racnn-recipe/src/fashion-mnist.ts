import { InvalidArgumentError } from '@lowres/core';
import { degrade, loadMnistFamily } from '@lowres/datasets';
import * as tf from '@tensorflow/tfjs';

/** Fashion-MNIST class names, by label. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** HR images, their degraded versions at the same size, and labels. */
export interface DegradedSplit {
  /** Original 28×28 images in [0,1]. */
  highResolution: tf.Tensor4D;
  /** MATLAB-bicubic 28 → `lowSize` → 28 (clipped to [0,1]): what the classifier pipeline sees. */
  lowResolution: tf.Tensor4D;
  labels: Uint8Array;
}

/** The first `count` images of a split with their RACNN-style degradation (down to `lowSize`, up again). */
export async function loadDegradedSplit(dir: string, split: 'train' | 'test', count: number, lowSize: number): Promise<DegradedSplit> {
  const dataset = await loadMnistFamily(dir, split);
  if (count > dataset.count) {
    throw new InvalidArgumentError(split, `asked for ${count} images but ${dir} holds ${dataset.count} ${split} images`);
  }
  const { height, width, channels } = dataset;
  const bytes = dataset.images.subarray(0, count * height * width * channels);
  const highResolution = tf.tensor4d(Float32Array.from(bytes, (value) => value / 255), [count, height, width, channels]);
  const lowResolution = degrade(highResolution, { size: [lowSize, lowSize], restore: true });
  return { highResolution, lowResolution, labels: dataset.labels.slice(0, count) };
}

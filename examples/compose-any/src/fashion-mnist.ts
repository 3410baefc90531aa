import { InvalidArgumentError } from '@lowres/core';
import { degrade, loadMnistFamily } from '@lowres/datasets';
import type { ImageDataset } from '@lowres/trainer';
import * as tf from '@tensorflow/tfjs';

/** Fashion-MNIST class names, by label. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/**
 * The first `count` images of a Fashion-MNIST split degraded to low resolution: 28×28 →
 * MATLAB-bicubic ×1/`factor` (anti-aliased, rounded to bytes as MATLAB does for uint8 images).
 */
export async function loadDegradedFashionMnist(dir: string, split: 'train' | 'test', count: number, factor: number): Promise<ImageDataset> {
  const dataset = await loadMnistFamily(dir, split);
  if (count > dataset.count) {
    throw new InvalidArgumentError(split, `asked for ${count} images but ${dir} holds ${dataset.count} ${split} images`);
  }
  const { height, width, channels } = dataset;
  const bytes = dataset.images.subarray(0, count * height * width * channels);
  const low = tf.tidy(() => degrade(tf.tensor4d(Int32Array.from(bytes), [count, height, width, channels], 'int32'), { scale: factor }));
  const [, lowHeight, lowWidth] = low.shape;
  const images = Uint8Array.from(low.dataSync());
  low.dispose();
  return {
    images,
    labels: dataset.labels.subarray(0, count),
    count,
    height: lowHeight,
    width: lowWidth,
    channels,
    classes: FASHION_MNIST_CLASSES.length,
    classNames: FASHION_MNIST_CLASSES,
  };
}

import { InvalidArgumentError } from '@lowres/core';
import { loadMnistFamily } from '@lowres/datasets';
import type { ImageDataset } from '@lowres/trainer';

/** Fashion-MNIST class names, by label. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** The first `count` images of a Fashion-MNIST split as the trainer's in-memory dataset (uint8 pixels). */
export async function loadFashionMnist(dir: string, split: 'train' | 'test', count: number): Promise<ImageDataset> {
  const dataset = await loadMnistFamily(dir, split);
  if (count > dataset.count) {
    throw new InvalidArgumentError(split, `asked for ${count} images but ${dir} holds ${dataset.count} ${split} images`);
  }
  const { height, width, channels } = dataset;
  return {
    images: dataset.images.subarray(0, count * height * width * channels),
    labels: dataset.labels.subarray(0, count),
    count,
    height,
    width,
    channels,
    classes: FASHION_MNIST_CLASSES.length,
    classNames: FASHION_MNIST_CLASSES,
  };
}

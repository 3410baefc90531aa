import { InvalidArgumentError, imresize } from '@lowres/core';
import { loadMnistFamily } from '@lowres/datasets';
import * as tf from '@tensorflow/tfjs';

/** Fashion-MNIST class names, by label. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** Images [N,size,size,1] in [0,1] with integer labels and the same labels one-hot [N,10]. */
export interface ResizedImages {
  images: tf.Tensor4D;
  labels: Uint8Array;
  oneHot: tf.Tensor2D;
}

/**
 * The first `count` images of a Fashion-MNIST split, MATLAB-bicubic-resized from 28×28 to size×size
 * and clipped to [0,1] (bicubic overshoots a little at edges).
 */
export async function loadResizedFashionMnist(dir: string, split: 'train' | 'test', count: number, size: number): Promise<ResizedImages> {
  const dataset = await loadMnistFamily(dir, split);
  if (count > dataset.count) {
    throw new InvalidArgumentError(split, `asked for ${count} images but ${dir} holds ${dataset.count} ${split} images`);
  }
  const { height, width, channels } = dataset;
  const bytes = dataset.images.subarray(0, count * height * width * channels);
  const labels = dataset.labels.slice(0, count);
  return tf.tidy(() => {
    const original = tf.tensor4d(Float32Array.from(bytes, (value) => value / 255), [count, height, width, channels]);
    const images = imresize(original, { size: [size, size], method: 'bicubic' }).clipByValue(0, 1) as tf.Tensor4D;
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), FASHION_MNIST_CLASSES.length).toFloat() as tf.Tensor2D;
    return { images, labels, oneHot };
  });
}

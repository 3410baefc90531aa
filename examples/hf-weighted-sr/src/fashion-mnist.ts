import { InvalidArgumentError } from '@lowres/core';
import { loadMnistFamily } from '@lowres/datasets';
import * as tf from '@tensorflow/tfjs';

/** The first `count` images of a Fashion-MNIST split as a float32 [count,28,28,1] tensor in [0,1]. */
export async function loadFashionMnist(dir: string, split: 'train' | 'test', count: number): Promise<tf.Tensor4D> {
  const dataset = await loadMnistFamily(dir, split);
  if (count > dataset.count) {
    throw new InvalidArgumentError(split === 'train' ? 'train' : 'test', `asked for ${count} images but ${dir} holds ${dataset.count} ${split} images`);
  }
  const { height, width, channels } = dataset;
  const bytes = dataset.images.subarray(0, count * height * width * channels);
  return tf.tidy(() => tf.tensor4d(Float32Array.from(bytes, (value) => value / 255), [count, height, width, channels]));
}

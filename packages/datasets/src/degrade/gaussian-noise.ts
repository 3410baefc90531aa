import { InvalidArgumentError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Options of {@link gaussianNoise}. */
export interface GaussianNoiseOptions {
  /** Standard deviation, in the images' units (e.g. 10/255 for σ = 10 on [0, 255]). */
  sigma: number;
  seed: number;
  /** Clip the result to [0, 1] (default true). */
  clip?: boolean;
}

/** Adds seeded zero-mean Gaussian noise; the same seed gives the same noise. */
export function gaussianNoise(images: tf.Tensor4D, options: GaussianNoiseOptions): tf.Tensor4D {
  const { sigma, seed, clip = true } = options;
  if (!(Number.isFinite(sigma) && sigma >= 0)) throw new InvalidArgumentError('sigma', `expected a non-negative number, got ${sigma}`);
  if (!Number.isFinite(seed)) throw new InvalidArgumentError('seed', `expected a number, got ${seed}`);
  if (images.dtype !== 'float32') throw new InvalidArgumentError('images', `expected float32, got ${images.dtype}`);
  return tf.tidy(() => {
    const noisy = tf.add(images, tf.randomNormal(images.shape, 0, sigma, 'float32', seed));
    return (clip ? tf.clipByValue(noisy, 0, 1) : noisy) as tf.Tensor4D;
  });
}

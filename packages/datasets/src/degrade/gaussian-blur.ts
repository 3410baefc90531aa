import { InvalidArgumentError, ShapeMismatchError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Options of {@link gaussianBlur}. */
export interface GaussianBlurOptions {
  sigma: number;
  /** Kernel radius in pixels; default ceil(3σ). The kernel is 2·radius+1 wide. */
  radius?: number;
}

/** Normalised 1-D Gaussian taps exp(−t²/2σ²) for t = −radius…radius. */
export function gaussianKernel(sigma: number, radius: number): Float32Array {
  const taps = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let t = -radius; t <= radius; t++) {
    const v = Math.exp(-(t * t) / (2 * sigma * sigma));
    taps[t + radius] = v;
    sum += v;
  }
  return Float32Array.from(taps, (v) => v / sum);
}

/** Separable Gaussian blur of an NHWC float batch with symmetric (mirrored) borders. */
export function gaussianBlur(images: tf.Tensor4D, options: GaussianBlurOptions): tf.Tensor4D {
  if (images.rank !== 4) throw new ShapeMismatchError('gaussianBlur images', '[batch, height, width, channels]', images.shape);
  const { sigma } = options;
  if (!(Number.isFinite(sigma) && sigma > 0)) throw new InvalidArgumentError('sigma', `expected a positive number, got ${sigma}`);
  const radius = options.radius ?? Math.ceil(3 * sigma);
  const [, h, w, c] = images.shape;
  if (!Number.isInteger(radius) || radius < 1 || radius > Math.min(h, w)) {
    throw new InvalidArgumentError('radius', `expected an integer in [1, ${Math.min(h, w)}] (image side), got ${radius}`);
  }
  const taps = gaussianKernel(sigma, radius);
  return tf.tidy(() => {
    const padded = tf.mirrorPad(
      images,
      [
        [0, 0],
        [radius, radius],
        [radius, radius],
        [0, 0],
      ],
      'symmetric',
    );
    const kernel = tf.tile(tf.tensor4d(taps, [taps.length, 1, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    const vertical = tf.depthwiseConv2d(padded, kernel, 1, 'valid');
    const horizontal = tf.depthwiseConv2d(vertical, tf.reshape(kernel, [1, taps.length, c, 1]) as tf.Tensor4D, 1, 'valid');
    return horizontal as tf.Tensor4D;
  });
}

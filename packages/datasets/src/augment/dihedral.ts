import { InvalidArgumentError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/**
 * One of the 8 symmetries of the square applied to the height/width axes of an NHWC batch or HWC
 * image: k % 4 quarter-turns counter-clockwise, preceded by a horizontal flip when k >= 4.
 */
export function dihedral<T extends tf.Tensor3D | tf.Tensor4D>(image: T, k: number): T {
  if (!Number.isInteger(k) || k < 0 || k > 7) throw new InvalidArgumentError('k', `expected an integer in [0, 7], got ${k}`);
  if (image.rank !== 3 && image.rank !== 4) {
    throw new InvalidArgumentError('image', `expected rank 3 or 4, got shape [${image.shape.join(', ')}]`);
  }
  const row = image.rank === 4 ? 1 : 0;
  const col = row + 1;
  const swap = image.rank === 4 ? [0, 2, 1, 3] : [1, 0, 2];
  return tf.tidy(() => {
    let out: tf.Tensor = k >= 4 ? tf.reverse(image, col) : tf.clone(image);
    for (let turn = 0; turn < k % 4; turn++) out = tf.reverse(tf.transpose(out, swap), row);
    return out as T;
  });
}

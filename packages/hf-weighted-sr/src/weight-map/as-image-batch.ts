import { InvalidArgumentError, ShapeMismatchError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/**
 * Checks that `image` is one image [H,W,C] or a batch [N,H,W,C] with non-empty axes and returns it as
 * a float32 batch (a new tensor the caller owns, also for float32 input).
 */
export function asImageBatch(image: tf.Tensor, argument: string): tf.Tensor4D {
  if (!(image instanceof tf.Tensor)) {
    throw new InvalidArgumentError(argument, 'expected a tf.Tensor3D [H,W,C] or tf.Tensor4D [N,H,W,C]');
  }
  if (image.rank !== 3 && image.rank !== 4) {
    throw new ShapeMismatchError(argument, '[H,W,C] or [N,H,W,C]', image.shape);
  }
  if (image.shape.some((size) => size === 0)) {
    throw new ShapeMismatchError(argument, 'non-empty axes', image.shape);
  }
  if (image.dtype !== 'float32' && image.dtype !== 'int32') {
    throw new InvalidArgumentError(argument, `expected a numeric tensor (float32 or int32), got ${image.dtype}`);
  }
  return tf.tidy(() => {
    const float = image.dtype === 'float32' ? image.clone() : image.toFloat();
    return (float.rank === 3 ? float.expandDims(0) : float) as tf.Tensor4D;
  });
}

/** Returns `batch` with the rank of `like` (drops the batch axis again for a single image). */
export function withRankOf<T extends tf.Tensor>(batch: tf.Tensor4D, like: T): T {
  return (like.rank === 3 ? batch.squeeze([0]) : batch) as unknown as T;
}

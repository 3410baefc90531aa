import { ShapeMismatchError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

function checkSameShape(what: string, expected: tf.Tensor, actual: tf.Tensor): void {
  if (expected.rank !== actual.rank || expected.shape.some((size, axis) => size !== actual.shape[axis])) {
    throw new ShapeMismatchError(what, `[${expected.shape.join(', ')}] (the HR batch's shape)`, actual.shape);
  }
}

/**
 * RACNN's pre-training loss ½·‖X_HR − X_LR − g(X_LR)‖², summed over pixels and channels and
 * averaged over the batch (Caffe's EuclideanLoss). `yPred` is the front end's output, which for the
 * residual network is X_LR + g(X_LR); optional per-pixel `weights` multiply the squared errors.
 */
export function racnnPixelLoss(yTrue: tf.Tensor4D, yPred: tf.Tensor4D, weights?: tf.Tensor4D): tf.Scalar {
  checkSameShape('prediction', yTrue, yPred);
  if (weights !== undefined) checkSameShape('weights', yTrue, weights);
  if (yTrue.shape[0] === 0) throw new ShapeMismatchError('HR batch', '[N ≥ 1, h, w, c]', yTrue.shape);
  return tf.tidy(() => {
    const squared = tf.squaredDifference(yTrue, yPred);
    const weighted = weights === undefined ? squared : tf.mul(squared, weights);
    const batch = yTrue.shape[0];
    return tf.div(tf.sum(weighted), 2 * batch) as tf.Scalar;
  });
}

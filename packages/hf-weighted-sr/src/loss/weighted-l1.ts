import { InvalidArgumentError, ShapeMismatchError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/**
 * Masked L1 loss Σ|(yTrue − yPred)·W| / m, where m is the number of non-zero entries of W over the
 * whole batch (the authors' "sum over non-zero weights" reduction). Returns 0 when W has no non-zero
 * entry. Without `weights` it is the plain mean absolute error. All tensors must have the same shape.
 */
export function weightedL1(yTrue: tf.Tensor, yPred: tf.Tensor, weights?: tf.Tensor): tf.Scalar {
  checkSameShape('yPred', yPred, yTrue);
  if (weights === undefined) return tf.tidy(() => tf.sub(yTrue, yPred).abs().mean() as tf.Scalar);
  checkSameShape('weights', weights, yTrue);
  return tf.tidy(() => {
    const total = tf.sub(yTrue, yPred).mul(weights).abs().sum();
    const count = weights.notEqual(0).sum().toFloat();
    return total.div(count.maximum(1)) as tf.Scalar;
  });
}

/** Share (0…1) of the entries of a weight map that are non-zero, i.e. the pixels the loss uses. */
export function selectedShare(weights: tf.Tensor): number {
  if (!(weights instanceof tf.Tensor)) throw new InvalidArgumentError('weights', 'expected a tf.Tensor');
  if (weights.size === 0) throw new ShapeMismatchError('weights', 'at least one entry', weights.shape);
  const count = tf.tidy(() => weights.notEqual(0).sum());
  try {
    return (count.dataSync()[0] ?? 0) / weights.size;
  } finally {
    count.dispose();
  }
}

function checkSameShape(argument: string, tensor: tf.Tensor, reference: tf.Tensor): void {
  if (!(tensor instanceof tf.Tensor) || !(reference instanceof tf.Tensor)) {
    throw new InvalidArgumentError(argument, 'expected tf.Tensor arguments');
  }
  if (!tf.util.arraysEqual(tensor.shape, reference.shape)) {
    throw new ShapeMismatchError(argument, `[${reference.shape.join(', ')}] (the shape of yTrue)`, tensor.shape);
  }
}

import type * as tf from '@tensorflow/tfjs';

/**
 * Disposes an optimizer and everything it holds. tfjs 4.22's MomentumOptimizer.dispose() skips
 * SGDOptimizer.dispose(), which leaks the learning-rate scalar; this also releases that one.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const learningRateScalar = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (learningRateScalar && !learningRateScalar.isDisposed) learningRateScalar.dispose();
}

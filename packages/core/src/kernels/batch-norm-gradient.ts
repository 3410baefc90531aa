import * as tf from '@tensorflow/tfjs';

function reductionAxes(statisticShape: number[], inputShape: number[]): number[] {
  const offset = inputShape.length - statisticShape.length;
  const axes: number[] = [];
  inputShape.forEach((size, axis) => {
    const statisticSize = axis < offset ? 1 : statisticShape[axis - offset];
    if (statisticSize === 1 && size !== 1) axes.push(axis);
  });
  return axes;
}

/**
 * Gradient of FusedBatchNorm, equal to tfjs-core's but without its full-size Tile of the
 * per-channel factor (broadcasting instead) and with the shared reductions computed once:
 * with r = rsqrt(variance + ε), s = scale, Σ = sum over the batch and spatial axes,
 * dx = dy·s·r, dmean = −r·s·Σdy, dvariance = −½·r³·s·Σ(dy·(x−mean)), dscale = r·Σ(dy·(x−mean)),
 * doffset = Σdy.
 */
export const batchNormGradient: tf.GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attributes) => {
    const { varianceEpsilon } = attributes as unknown as { varianceEpsilon: number };
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const gradient = dy as tf.Tensor;
    const axes = reductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor): tf.Tensor => tf.reshape(axes.length ? tf.sum(t, axes) : t, mean.shape);
    const scaleValue = scale ?? tf.scalar(1);
    const inverseDeviation = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    // Computed here, not inside the closures: the engine runs each closure in its own tidy scope,
    // so a tensor memoised by one closure would be disposed before the next one used it.
    const gradientSum = reduce(gradient);
    const centeredSum = reduce(tf.mul(gradient, tf.sub(x, mean)));
    return {
      x: () => tf.mul(gradient, tf.mul(inverseDeviation, scaleValue)),
      mean: () => tf.reshape(tf.mul(tf.neg(tf.mul(inverseDeviation, scaleValue)), gradientSum), mean.shape),
      variance: () => {
        const cube = tf.mul(tf.mul(inverseDeviation, inverseDeviation), inverseDeviation);
        return tf.reshape(tf.mul(tf.mul(tf.mul(cube, tf.scalar(-0.5)), scaleValue), centeredSum), mean.shape);
      },
      scale: () => tf.reshape(tf.mul(inverseDeviation, centeredSum), mean.shape),
      offset: () => tf.reshape(gradientSum, mean.shape),
    };
  },
};

import * as tf from '@tensorflow/tfjs';

/**
 * Gradient of Mean, equal to tfjs-core's but with one full-size tensor instead of three: the
 * per-output gradient divided by the reduced count and broadcast to the input's shape, where
 * tfjs-core multiplies by a full-size tensor of ones and then divides. Batch-norm layers take two
 * means over N, H, W per call, so every batch norm in training pays for this gradient twice.
 */
export const meanGradient: tf.GradConfig = {
  kernelName: 'Mean',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attributes) => {
    const [x] = saved as [tf.Tensor];
    const { axis } = attributes as unknown as { axis: number | number[] };
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const expandedShape = [...x.shape];
    let count = 1;
    for (const reduced of axes) {
      count *= x.shape[reduced] as number;
      expandedShape[reduced] = 1;
    }
    return {
      x: () => tf.broadcastTo(tf.div(tf.reshape(dy as tf.Tensor, expandedShape), count), x.shape),
    };
  },
};

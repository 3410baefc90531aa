import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors';

interface ChannelSums {
  sum: Float64Array;
  squares: Float64Array;
  count: number;
}

function batchNormLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter((layer) => layer.getClassName() === 'BatchNormalization');
}

/**
 * Sets every top-level BatchNormalization layer's moving mean and variance to the statistics of its
 * inputs over `batches` (forward passes in training mode), as PyTorch's `update_bn` does. Briefly
 * trained models need it: with momentum 0.99 the moving statistics still hold much of their initial
 * values after a few hundred steps. Returns the number of layers updated; the caller owns `batches`.
 */
export function reestimateBatchNorm(model: tf.LayersModel, batches: Iterable<tf.Tensor4D>): number {
  const layers = batchNormLayers(model);
  if (layers.length === 0) return 0;
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((layer) => layer.getInputAt(0) as tf.SymbolicTensor) });
  const totals: ChannelSums[] = [];
  for (const batch of batches) {
    const moments = tf.tidy(() => {
      const outputs = probe.apply(batch, { training: true }) as tf.Tensor | tf.Tensor[];
      return (Array.isArray(outputs) ? outputs : [outputs]).map((input) => {
        const axes = input.shape.slice(0, -1).map((_, axis) => axis);
        const channels = input.shape[input.shape.length - 1] as number;
        return { sum: input.sum(axes).dataSync(), squares: input.square().sum(axes).dataSync(), count: input.size / channels };
      });
    });
    moments.forEach((moment, index) => {
      if (!totals[index]) totals[index] = { sum: new Float64Array(moment.sum.length), squares: new Float64Array(moment.sum.length), count: 0 };
      const total = totals[index]!;
      moment.sum.forEach((value, channel) => {
        total.sum[channel]! += value;
        total.squares[channel]! += moment.squares[channel]!;
      });
      total.count += moment.count;
    });
  }
  if (totals.length === 0) throw new InvalidArgumentError('batches', 'expected at least one batch of images');
  layers.forEach((layer, index) => {
    const { sum, squares, count } = totals[index]!;
    const mean = Float32Array.from(sum, (value) => value / count);
    // Biased variance, as TF.js batch norm uses in training mode.
    const variance = Float32Array.from(squares, (square, channel) => Math.max(0, square / count - mean[channel]! ** 2));
    const weight = (suffix: string) => layer.weights.find((candidate) => candidate.originalName.endsWith(suffix));
    const movingMean = weight('moving_mean');
    const movingVariance = weight('moving_variance');
    if (!movingMean || !movingVariance) return;
    tf.tidy(() => {
      movingMean.write(tf.tensor1d(mean));
      movingVariance.write(tf.tensor1d(variance));
    });
  });
  return layers.length;
}

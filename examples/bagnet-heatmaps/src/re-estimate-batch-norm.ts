import { InvalidArgumentError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/**
 * Sets every batch-norm layer's moving mean and variance to the statistics of its inputs over
 * `images` (forward passes in training mode, `batch` images at a time), as PyTorch's `update_bn`
 * does. Briefly trained BagNets need it: the stem's normalisation keeps 99.9 % of its old
 * statistics per step (PyTorch momentum 0.001), so after a few dozen steps inference-mode
 * predictions use statistics that are still those of the initialisation.
 */
export function reEstimateBatchNorm(model: tf.LayersModel, images: tf.Tensor4D, batch: number): number {
  if (!Number.isInteger(batch) || batch < 1) throw new InvalidArgumentError('batch', `expected a positive integer, got ${batch}`);
  const layers = model.layers.filter((layer) => layer.getClassName() === 'BatchNormalization');
  if (layers.length === 0) return 0;
  // One model exposing the input of every batch-norm layer.
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((layer) => layer.getInputAt(0) as tf.SymbolicTensor) });
  const sums = layers.map(() => ({ values: new Float64Array(0), squares: new Float64Array(0), count: 0 }));
  const count = images.shape[0];
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    const moments = tf.tidy(() => {
      const outputs = probe.apply(images.slice(start, size), { training: true }) as tf.Tensor | tf.Tensor[];
      return (Array.isArray(outputs) ? outputs : [outputs]).map((input) => {
        const axes = input.shape.slice(0, -1).map((_, axis) => axis);
        return { sum: input.sum(axes).dataSync(), squares: input.square().sum(axes).dataSync(), count: input.size / input.shape.at(-1)! };
      });
    });
    moments.forEach((moment, index) => {
      const total = sums[index]!;
      if (total.count === 0) {
        total.values = new Float64Array(moment.sum.length);
        total.squares = new Float64Array(moment.sum.length);
      }
      moment.sum.forEach((value, channel) => {
        total.values[channel]! += value;
        total.squares[channel]! += moment.squares[channel]!;
      });
      total.count += moment.count;
    });
  }
  layers.forEach((layer, index) => {
    const { values, squares, count: samples } = sums[index]!;
    const mean = Float32Array.from(values, (sum) => sum / samples);
    const variance = Float32Array.from(squares, (square, channel) => Math.max(0, square / samples - mean[channel]! ** 2));
    const weight = (suffix: string) => layer.weights.find((candidate) => candidate.originalName.endsWith(suffix))!;
    tf.tidy(() => {
      weight('moving_mean').write(tf.tensor1d(mean));
      weight('moving_variance').write(tf.tensor1d(variance));
    });
  });
  return layers.length;
}

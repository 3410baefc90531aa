import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { reEstimateBatchNorm } from './re-estimate-batch-norm';

describe('reEstimateBatchNorm', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('sets the moving statistics to the per-channel mean and (biased) variance of the inputs', async () => {
    const input = tf.input({ shape: [3, 2, 2] });
    const output = tf.layers.batchNormalization({ momentum: 0.999 }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    const values = Array.from({ length: 5 * 3 * 2 * 2 }, (_, index) => Math.sin(index * 1.7) * 3 + (index % 2));
    const images = tf.tensor4d(values, [5, 3, 2, 2]);
    const layers = await expectNoTensorLeaks(() => reEstimateBatchNorm(model, images, 2), 're-estimation');
    expect(layers).toBe(1);
    // Plain loops: channel = index % 2 in NHWC order.
    for (let channel = 0; channel < 2; channel++) {
      const channelValues = values.filter((_, index) => index % 2 === channel);
      const mean = channelValues.reduce((sum, value) => sum + value, 0) / channelValues.length;
      const variance = channelValues.reduce((sum, value) => sum + (value - mean) ** 2, 0) / channelValues.length;
      const [, , movingMean, movingVariance] = model.layers[1]!.getWeights();
      expect(movingMean!.dataSync()[channel]).toBeCloseTo(mean, 4);
      expect(movingVariance!.dataSync()[channel]).toBeCloseTo(variance, 4);
    }
    tf.dispose([images]);
    model.dispose();
  });

  it('makes inference match training mode on the batch it was estimated on, through stacked layers', () => {
    const input = tf.input({ shape: [6, 6, 1] });
    let x = tf.layers.conv2d({ filters: 3, kernelSize: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ momentum: 0.999 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2d({ filters: 2, kernelSize: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ momentum: 0.9 }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: x });
    const images = tf.randomUniform([7, 6, 6, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const before = tf.tidy(() => tf.sub(model.predict(images) as tf.Tensor, model.apply(images, { training: true }) as tf.Tensor).abs().max().dataSync()[0]!);
    expect(reEstimateBatchNorm(model, images, 7)).toBe(2);
    const after = tf.tidy(() => tf.sub(model.predict(images) as tf.Tensor, model.apply(images, { training: true }) as tf.Tensor).abs().max().dataSync()[0]!);
    expect(before).toBeGreaterThan(0.1);
    expect(after).toBeLessThan(1e-2);
    tf.dispose(images);
    model.dispose();
  });
});

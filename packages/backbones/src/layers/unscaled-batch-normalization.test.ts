import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnscaledBatchNormalization } from './unscaled-batch-normalization';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('UnscaledBatchNormalization', () => {
  it('has one trainable (beta) and two non-trainable values per channel', () => {
    const layer = new UnscaledBatchNormalization({ name: 'bn' });
    layer.apply(tf.input({ shape: [4, 4, 3] }));
    expect(layer.trainableWeights.map((weight) => weight.originalName)).toEqual(['bn/beta']);
    expect(layer.nonTrainableWeights.map((weight) => weight.originalName)).toEqual(['bn/moving_mean', 'bn/moving_variance']);
    expect(layer.countParams()).toBe(9);
    layer.dispose();
  });

  it('normalises with batch statistics in training and updates the moving ones by momentum', async () => {
    const layer = new UnscaledBatchNormalization({ epsilon: 1e-3, momentum: 0.9 });
    // Channel 0 holds 1, 2, 3, 4 (mean 2.5, biased variance 1.25); channel 1 holds 10 everywhere.
    const x = tf.tensor4d([1, 10, 2, 10, 3, 10, 4, 10], [2, 1, 2, 2]);
    tf.dispose(layer.apply(x) as tf.Tensor); // builds the weights
    layer.setWeights([tf.tensor1d([0.5, -1]), tf.tensor1d([0, 0]), tf.tensor1d([1, 1])]);
    const output = await expectNoTensorLeaks(
      () => tf.tidy(() => (layer.apply(x, { training: true }) as tf.Tensor).dataSync()),
      'training call',
    );
    const expected = [1, 2, 3, 4].map((v) => (v - 2.5) / Math.sqrt(1.25 + 1e-3) + 0.5);
    [0, 2, 4, 6].forEach((index, i) => {
      expect(output[index]).toBeCloseTo(expected[i]!, 5);
    });
    [1, 3, 5, 7].forEach((index) => {
      expect(output[index]).toBeCloseTo(-1, 5);
    });
    const [, movingMean, movingVariance] = layer.getWeights().map((weight) => Array.from(weight.dataSync()));
    expect(movingMean![0]).toBeCloseTo(0.25, 6); // 0.9 · 0 + 0.1 · 2.5
    expect(movingMean![1]).toBeCloseTo(1, 6);
    expect(movingVariance![0]).toBeCloseTo(0.9 + 0.125, 6);
    expect(movingVariance![1]).toBeCloseTo(0.9, 6);
    const inference = tf.tidy(() => (layer.apply(x, { training: false }) as tf.Tensor).dataSync());
    expect(inference[0]).toBeCloseTo((1 - 0.25) / Math.sqrt(1.025 + 1e-3) + 0.5, 5);
    x.dispose();
    layer.dispose();
  });

  it('passes gradients to its input and to beta', () => {
    const layer = new UnscaledBatchNormalization();
    const x = tf.randomNormal([3, 2, 2, 2], 0, 1, 'float32', 2);
    tf.dispose(layer.apply(x) as tf.Tensor);
    const weights = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, tf.range(0, 24).reshape([3, 2, 2, 2]))) as tf.Scalar,
        layer.trainableWeights.map((weight) => (weight as unknown as { val: tf.Variable }).val),
      );
      // d/dβ of Σ w·y is the per-channel sum of the weights w.
      const betaGradient = Object.values(grads)[0]!.arraySync() as number[];
      return { finite: Number.isFinite(value.dataSync()[0]), betaGradient };
    });
    expect(weights.finite).toBe(true);
    expect(weights.betaGradient).toEqual([132, 144]);
    x.dispose();
    layer.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { createRng } from '@lowres/core';
import { expectNoTensorLeaks, randomValues, relativeError, testSeed } from '@lowres/core/testing';
import { describe, expect, it } from 'vitest';
import { BATCH_NORM_TRAINING } from './kernels/normalization-kernels';
import { nativeForTests } from './test-support';

const { available } = nativeForTests();
const rng = createRng(testSeed('fused batch norm'));

/** Output, moving statistics and gradients (x, γ, β) of one training-mode call of a fresh layer. */
async function trainingCall(backend: 'cpu' | 'native', x: Float32Array, shape: number[], dy: Float32Array, weights: Float32Array[]) {
  await tf.setBackend(backend);
  const layer = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-3 });
  layer.build(shape);
  const initial = weights.map((values) => tf.tensor(values));
  layer.setWeights(initial);
  tf.dispose(initial);
  const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const read = tf.tidy(() => {
    const input = tf.tensor(x, shape);
    const loss = (xs: tf.Tensor) => tf.sum(tf.mul(layer.apply(xs, { training: true }) as tf.Tensor, tf.tensor(dy, shape))) as tf.Scalar;
    const { grads } = tf.variableGrads(() => loss(input), [gamma as tf.Variable, beta as tf.Variable]);
    const dx = tf.grad(loss)(input);
    const y = layer.apply(input, { training: true }) as tf.Tensor;
    return [y, dx, grads[(gamma as tf.Variable).name] as tf.Tensor, grads[(beta as tf.Variable).name] as tf.Tensor].map((t) => t.dataSync() as Float32Array);
  });
  const moving = layer.getWeights().slice(2).map((t) => t.dataSync() as Float32Array);
  const profile = await tf.profile(() => tf.dispose(tf.tidy(() => layer.apply(tf.tensor(x, shape), { training: true }) as tf.Tensor)));
  for (const weight of layer.weights) weight.dispose();
  return { outputs: [...read, ...moving], kernels: profile.kernels.map((k) => k.name) };
}

describe.skipIf(!available)('fused batch norm in training mode on native', () => {
  it('matches the layer on cpu: output, moving statistics and gradients of x, γ and β, on random shapes', async () => {
    const labels = ['y', 'dx', 'dγ', 'dβ', 'moving mean', 'moving variance'];
    for (let trial = 0; trial < 8; trial++) {
      const channels = 1 + rng.int(40);
      const shape = trial % 2 === 0 ? [1 + rng.int(5), 1 + rng.int(9), 1 + rng.int(9), channels] : [2 + rng.int(30), channels];
      const size = shape.reduce((a, b) => a * b, 1);
      // A mean far from zero checks the variance does not cancel away.
      const x = randomValues(rng, size).map((v) => 3 * v + 5);
      const dy = randomValues(rng, size);
      const weights = [randomValues(rng, channels), randomValues(rng, channels), randomValues(rng, channels), randomValues(rng, channels).map((v) => 1 + Math.abs(v))];
      const reference = await trainingCall('cpu', x, shape, dy, weights);
      const actual = await expectNoTensorLeaks(() => trainingCall('native', x, shape, dy, weights), `shape ${shape}`);
      expect(actual.kernels).toContain(BATCH_NORM_TRAINING);
      expect(reference.kernels).not.toContain(BATCH_NORM_TRAINING);
      reference.outputs.forEach((values, i) => {
        const error = relativeError(actual.outputs[i] as Float32Array, values);
        expect(error, `${labels[i]} of shape ${shape}: relative error ${error}`).toBeLessThan(1e-4);
      });
    }
  });

  it('leaves inference mode and other axes to the layer', async () => {
    await tf.setBackend('native');
    const layer = tf.layers.batchNormalization({ axis: 1 });
    const x = tf.randomNormal([2, 3, 4]);
    const profile = await tf.profile(() => tf.tidy(() => [layer.apply(x, { training: true }), layer.apply(x)] as tf.Tensor[]));
    expect(profile.kernels.map((k) => k.name)).not.toContain(BATCH_NORM_TRAINING);
    x.dispose();
    for (const weight of layer.weights) weight.dispose();
  });
});

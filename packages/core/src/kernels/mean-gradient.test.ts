import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { createRng } from '../rng';
import { expectNoTensorLeaks } from '../testing/leaks';
import { randomValues, relativeError, testSeed } from './kernel-test-support';
import { meanGradient } from './mean-gradient';
import { originalGradient } from './register-gradient-overrides';

const rng = createRng(testSeed('mean-gradient'));

function evaluate(config: tf.GradConfig, dy: tf.Tensor, x: tf.Tensor, axis: number[]): { values: Float32Array; shape: number[] } {
  return tf.tidy(() => {
    const closures = config.gradFunc(dy, [x], { axis, keepDims: false } as unknown as tf.NamedAttrMap);
    const out = tf.tidy(closures.x as () => tf.Tensor);
    return { values: out.dataSync() as Float32Array, shape: out.shape };
  });
}

describe('Mean gradient with one broadcast', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1 });
    await initBackend('cpu');
  });

  it.each([
    ['N, H, W of NHWC', [3, 4, 5, 6], [0, 1, 2]],
    ['one middle axis', [3, 4, 5], [1]],
    ['every axis', [4, 7], [0, 1]],
    ['negative axis', [2, 3, 4], [-1]],
  ] as const)("equals tfjs-core's gradient over %s on cpu and wasm", async (_label, shape, axis) => {
    const original = originalGradient('Mean');
    expect(original).toBeDefined();
    const xValues = randomValues(rng, shape.reduce((a, b) => a * b, 1));
    const parsed = tf.util.parseAxisParam([...axis], [...shape]);
    const dyShape = shape.filter((_, i) => !parsed.includes(i));
    const dyValues = randomValues(rng, Math.max(1, dyShape.reduce((a, b) => a * b, 1)));
    for (const backendName of ['cpu', 'wasm']) {
      await tf.setBackend(backendName);
      const x = tf.tensor(xValues, [...shape]);
      const dy = tf.tensor(dyValues, dyShape);
      const ours = await expectNoTensorLeaks(() => evaluate(meanGradient, dy, x, [...axis]), 'mean gradient');
      const reference = evaluate(original as tf.GradConfig, dy, x, [...axis]);
      expect(ours.shape, backendName).toEqual([...shape]);
      expect(relativeError(ours.values, reference.values), backendName).toBeLessThan(1e-6);
      tf.dispose([x, dy]);
    }
  });

  it('gives tf.grad of a mean the value 1/count everywhere', () => {
    const values = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mean(x, [0, 1])))(tf.ones([4, 5, 3])).dataSync());
    expect(Array.from(values)).toEqual(new Array(60).fill(1 / 20).map((v) => Math.fround(v)));
  });
});

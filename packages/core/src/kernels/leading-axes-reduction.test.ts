import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { createRng } from '../rng';
import { expectNoTensorLeaks } from '../testing/leaks';
import { randomValues, relativeError, runRegisteredKernel, testSeed } from './kernel-test-support';

const rng = createRng(testSeed('leading-axes-reduction'));

/** Plain-loop sum over the first `count` axes, in float64: the independent reference. */
function plainLeadingSum(values: Float32Array, shape: number[], count: number): Float64Array {
  const columns = shape.slice(count).reduce((a, b) => a * b, 1);
  const sums = new Float64Array(columns);
  for (let i = 0; i < values.length; i++) sums[i % columns] = (sums[i % columns] as number) + (values[i] as number);
  return sums;
}

describe('wasm Sum and Mean over leading axes', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1 });
    await initBackend('cpu');
    await tf.setBackend('wasm');
  });

  it.each([
    ['N, H, W of NHWC (bias gradient, batch-norm statistics)', [3, 5, 7, 11], [0, 1, 2]],
    ['the batch axis', [5, 9], [0]],
    ['N and H, rows not a multiple of four', [3, 3, 2, 6], [0, 1]],
    ['axes given out of order and negative', [2, 3, 4, 5], [-2, 0, 1]],
    ['trailing axes (falls back to tfjs)', [2, 3, 4, 5], [1, 2, 3]],
    ['middle axes (falls back to tfjs)', [2, 3, 4, 5], [1, 2]],
    ['every axis (falls back to tfjs)', [4, 6], [0, 1]],
  ] as const)('equal the cpu reference over %s', async (_label, shape, axis) => {
    const x = { values: randomValues(rng, shape.reduce((a, b) => a * b, 1)), shape: [...shape] };
    for (const kernelName of ['Sum', 'Mean']) {
      for (const keepDims of [false, true]) {
        const attrs = { axis: [...axis], keepDims } as unknown as tf.NamedAttrMap;
        // The cpu backend's Sum and Mean are tfjs' own (lowres replaces them on wasm only).
        await tf.setBackend('cpu');
        const reference = runRegisteredKernel(kernelName, { x }, attrs).values;
        await tf.setBackend('wasm');
        const expectedShape = tf.backend_util.computeOutAndReduceShapes(
          [...shape],
          tf.util.parseAxisParam([...axis], [...shape]),
        )[0];
        const fast = await expectNoTensorLeaks(() => runRegisteredKernel(kernelName, { x }, attrs), kernelName);
        const label = `${kernelName} keepDims=${keepDims}`;
        expect(fast.values.length, label).toBe(expectedShape.reduce((a, b) => a * b, 1));
        if (keepDims) expect(fast.shape, label).toEqual(shape.map((size, i) => (axis.some((a) => (a + shape.length) % shape.length === i) ? 1 : size)));
        else expect(fast.shape, label).toEqual(expectedShape);
        expect(relativeError(fast.values, reference), label).toBeLessThan(1e-5);
      }
    }
  });

  it('matches a float64 plain loop on a large NHWC tensor', () => {
    const shape = [16, 12, 12, 33];
    const values = randomValues(rng, shape.reduce((a, b) => a * b, 1));
    const expected = plainLeadingSum(values, shape, 3);
    const { values: sums } = runRegisteredKernel('Sum', { x: { values, shape } }, { axis: [0, 1, 2], keepDims: false });
    const { values: means } = runRegisteredKernel('Mean', { x: { values, shape } }, { axis: [0, 1, 2], keepDims: false });
    for (let i = 0; i < expected.length; i++) {
      expect(sums[i]).toBeCloseTo(expected[i] as number, 3);
      expect(means[i]).toBeCloseTo((expected[i] as number) / (16 * 12 * 12), 6);
    }
  });

  it('leaves int32 sums to tfjs and keeps them exact', () => {
    const result = tf.tidy(() => Array.from(tf.sum(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), 0).dataSync()));
    expect(result).toEqual([9, 12]);
  });

  it('gives the same gradients of a batch-norm training step as the cpu backend', async () => {
    const shape = [4, 5, 5, 6];
    const values = randomValues(rng, shape.reduce((a, b) => a * b, 1));
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor(values, shape);
        const gradient = tf.grad((input: tf.Tensor) => {
          const { mean, variance } = tf.moments(input, [0, 1, 2]);
          return tf.sum(tf.square(tf.batchNorm(input, mean, variance, tf.fill([6], 0.5), tf.fill([6], 0.1), 1e-3)).mul(input));
        })(x);
        return gradient.dataSync() as Float32Array;
      });
    await tf.setBackend('cpu');
    const reference = run();
    await tf.setBackend('wasm');
    const fast = await expectNoTensorLeaks(run, 'batch-norm gradient');
    expect(relativeError(fast, reference)).toBeLessThan(1e-4);
  });
});

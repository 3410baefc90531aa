import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { createRng } from '../rng';
import { expectNoTensorLeaks } from '../testing/leaks';
import { randomValues, testSeed } from './kernel-test-support';

const rng = createRng(testSeed('concat-split'));

async function onBoth<T>(run: () => T): Promise<[T, T]> {
  await tf.setBackend('cpu');
  const reference = run();
  await tf.setBackend('wasm');
  const fast = await expectNoTensorLeaks(run, 'wasm concat/split');
  return [fast, reference];
}

describe('wasm Concat and SplitV on the heap', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1 });
    await initBackend('cpu');
  });

  it.each([
    ['channels, narrow and wide pieces', [[2, 3, 4, 1], [2, 3, 4, 40], [2, 3, 4, 7]], 3],
    ['height', [[2, 1, 4, 3], [2, 5, 4, 3]], 1],
    ['batch', [[1, 2, 2, 3], [3, 2, 2, 3]], 0],
  ] as const)('concatenates along %s exactly like the cpu backend', async (_label, shapes, axis) => {
    const values = shapes.map((shape) => randomValues(rng, (shape as readonly number[]).reduce((a, b) => a * b, 1)));
    const [fast, reference] = await onBoth(() =>
      tf.tidy(() => {
        const out = tf.concat(
          shapes.map((shape, i) => tf.tensor(values[i] as Float32Array, [...shape])),
          axis,
        );
        return { shape: out.shape, values: Array.from(out.dataSync()) };
      }),
    );
    expect(fast).toEqual(reference);
  });

  it('concatenates int32 tensors', async () => {
    const [fast, reference] = await onBoth(() =>
      tf.tidy(() => Array.from(tf.concat([tf.tensor2d([[1], [2]], [2, 1], 'int32'), tf.tensor2d([[3, 4], [5, 6]], [2, 2], 'int32')], 1).dataSync())),
    );
    expect(fast).toEqual([1, 3, 4, 2, 5, 6]);
    expect(fast).toEqual(reference);
  });

  it.each([
    ['channels', [2, 3, 4, 50], [1, 40, 9], 3],
    ['width', [2, 3, 5, 4], [2, 3], 2],
  ] as const)('splits along %s exactly like the cpu backend', async (_label, shape, sizes, axis) => {
    const values = randomValues(rng, (shape as readonly number[]).reduce((a, b) => a * b, 1));
    const [fast, reference] = await onBoth(() =>
      tf.tidy(() =>
        tf.split(tf.tensor(values, [...shape]), [...sizes], axis).map((piece) => ({ shape: piece.shape, values: Array.from(piece.dataSync()) })),
      ),
    );
    expect(fast).toEqual(reference);
  });
});

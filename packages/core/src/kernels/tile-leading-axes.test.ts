import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { createRng } from '../rng';
import { expectNoTensorLeaks } from '../testing/leaks';
import { randomValues, runRegisteredKernel, testSeed } from './kernel-test-support';

const rng = createRng(testSeed('tile-leading-axes'));

describe('wasm Tile by whole copies', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1 });
    await initBackend('cpu');
  });

  it.each([
    ['a per-channel row over N, H, W', [1, 1, 1, 7], [3, 5, 4, 1]],
    ['a row over an odd number of copies', [1, 9], [13, 1]],
    ['an image over the batch', [1, 3, 2], [5, 1, 1]],
    ['no repetition', [2, 3], [1, 1]],
    ['repeats of a non-unit axis (falls back to tfjs)', [2, 3], [3, 1]],
    ['repeats after a kept axis (falls back to tfjs)', [1, 2, 1, 3], [2, 1, 4, 1]],
  ] as const)('equals the cpu backend for %s', async (_label, shape, reps) => {
    const x = { values: randomValues(rng, (shape as readonly number[]).reduce((a, b) => a * b, 1)), shape: [...shape] };
    const attrs = { reps: [...reps] } as unknown as tf.NamedAttrMap;
    await tf.setBackend('cpu');
    const reference = runRegisteredKernel('Tile', { x }, attrs);
    await tf.setBackend('wasm');
    const fast = await expectNoTensorLeaks(() => runRegisteredKernel('Tile', { x }, attrs), 'Tile');
    expect(fast.shape).toEqual(reference.shape);
    expect(Array.from(fast.values)).toEqual(Array.from(reference.values));
  });

  it('broadcasts int32 tensors exactly', async () => {
    await tf.setBackend('wasm');
    const values = tf.tidy(() => Array.from(tf.broadcastTo(tf.tensor2d([[1, 2, 3]], [1, 3], 'int32'), [3, 3]).dataSync()));
    expect(values).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });
});

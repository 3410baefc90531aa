import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../errors';
import { expectNoTensorLeaks } from '../testing/leaks';
import { backendReport, initBackend } from './init-backend';

// One process per test file: this one starts wasm with two threads.
describe('wasm with two threads in Node', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 2 });
  });

  it('runs the threaded SIMD build with the requested threads', () => {
    expect(backendReport()).toMatchObject({ backend: 'wasm', threads: 2, simd: true });
  });

  it('computes a convolution and its gradient like the cpu backend', async () => {
    const x = tf.randomUniform([4, 12, 12, 8], -1, 1, 'float32', 1);
    const w = tf.randomUniform([3, 3, 8, 16], -1, 1, 'float32', 2);
    const run = () =>
      tf.tidy(() => {
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same').square().sum())([x, w]);
        return [dx, dw].map((g) => Array.from((g as tf.Tensor).dataSync()));
      });
    const onWasm = await expectNoTensorLeaks(run, 'threaded conv gradient');
    await tf.setBackend('cpu');
    const onCpu = run();
    await tf.setBackend('wasm');
    x.dispose();
    w.dispose();
    for (const [i, gradient] of onWasm.entries()) {
      const reference = onCpu[i] as number[];
      const scale = Math.max(...reference.map(Math.abs));
      const difference = Math.max(...gradient.map((v, j) => Math.abs(v - (reference[j] as number))));
      expect(difference / scale).toBeLessThan(1e-4);
    }
  });

  it('refuses to switch thread count once started', async () => {
    await expect(initBackend('wasm', { threads: 1 })).rejects.toThrow(BackendUnavailableError);
    await expect(initBackend('wasm', { threads: 1 })).rejects.toThrow(/runs 2 thread\(s\)/);
    expect(await initBackend('wasm')).toBe('wasm');
  });
});

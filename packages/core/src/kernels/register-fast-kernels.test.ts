import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { fastKernelCoverage, fastKernelsRegistered, originalKernel, registerFastKernels } from './register-fast-kernels';

describe('registerFastKernels', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1 });
    await initBackend('cpu');
  });

  it('registers every kernel the coverage list names, replacing what was there', () => {
    expect(fastKernelsRegistered('wasm')).toBe(true);
    expect(fastKernelsRegistered('cpu')).toBe(true);
    for (const entry of fastKernelCoverage()) {
      if (entry.backendName === 'all') {
        expect(tf.getGradient(entry.kernelName), entry.kernelName).toBeDefined();
        continue;
      }
      const current = tf.getKernel(entry.kernelName, entry.backendName);
      expect(current, `${entry.backendName}/${entry.kernelName}`).toBeDefined();
      expect(current?.kernelFunc).not.toBe(originalKernel(entry.kernelName, entry.backendName)?.kernelFunc);
    }
  });

  it('is idempotent', () => {
    const before = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    registerFastKernels('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBe(before);
  });

  it('keeps the cpu references reachable for the kernel tests', () => {
    expect(originalKernel('Conv2DBackpropFilter', 'cpu')).toBeDefined();
    expect(originalKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
  });
});

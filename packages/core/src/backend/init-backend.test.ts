import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, InvalidArgumentError } from '../errors';
import { backendReport, initBackend } from './init-backend';

describe('initBackend', () => {
  it('initialises wasm when forced and reports why', async () => {
    expect(await initBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(backendReport()?.reason).toMatch(/^forced; \d+ thread\(s\), SIMD on$/);
    expect(backendReport()?.simd).toBe(true);
    expect(backendReport()?.fastKernels).toBe(true);
  });

  it('rejects a thread count that is not a positive integer', async () => {
    await expect(initBackend('wasm', { threads: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(initBackend('wasm', { threads: 1.5 })).rejects.toThrow(/options.threads/);
  });

  it('initialises cpu when forced', async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(backendReport()).toMatchObject({ backend: 'cpu', threads: 1, simd: false, fastKernels: true });
  });

  it('rejects an unknown name with a list of the known ones', async () => {
    await expect(initBackend('cuda')).rejects.toThrow(BackendUnavailableError);
    await expect(initBackend('cuda')).rejects.toThrow(/tensorflow, wasm, cpu, webgpu/);
  });

  it('fails clearly when tfjs-node is not installed but tensorflow is forced', async () => {
    await expect(initBackend('tensorflow')).rejects.toThrow(/tfjs-node/);
  });
});

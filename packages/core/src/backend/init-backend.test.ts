import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../errors';
import { backendReport, initBackend } from './init-backend';

describe('initBackend', () => {
  it('initialises wasm when forced and reports why', async () => {
    expect(await initBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(backendReport()?.reason).toBe('forced');
  });

  it('initialises cpu when forced', async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('rejects an unknown name with a list of the known ones', async () => {
    await expect(initBackend('cuda')).rejects.toThrow(BackendUnavailableError);
    await expect(initBackend('cuda')).rejects.toThrow(/tensorflow, wasm, cpu, webgpu/);
  });

  it('fails clearly when tfjs-node is not installed but tensorflow is forced', async () => {
    await expect(initBackend('tensorflow')).rejects.toThrow(/tfjs-node/);
  });
});

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../errors';
import { BROWSER_BACKEND_NAMES, browserBackendReport, firstWorkingBackend, initBrowserBackend } from './init-browser-backend';

describe('firstWorkingBackend', () => {
  it('returns the first backend that runs and the reasons of those before it', async () => {
    const tried: string[] = [];
    const result = await firstWorkingBackend(BROWSER_BACKEND_NAMES, async (name) => {
      tried.push(name);
      return name === 'wasm' ? undefined : `${name} is off`;
    });
    expect(result).toEqual({ backend: 'wasm', skipped: ['webgpu: webgpu is off', 'webgl: webgl is off'] });
    expect(tried).toEqual(['webgpu', 'webgl', 'wasm']);
  });

  it('throws BackendUnavailableError naming every reason when none runs', async () => {
    const failing = firstWorkingBackend(['webgl', 'cpu'], async (name) => `${name} broke`);
    await expect(failing).rejects.toSatisfy((error) => BackendUnavailableError.isInstance(error));
    await expect(failing).rejects.toThrow(/webgl: webgl broke; cpu: cpu broke/);
  });
});

describe('initBrowserBackend', () => {
  it('rejects an unknown name and lists the browser backends', async () => {
    await expect(initBrowserBackend('tensorflow')).rejects.toThrow(/Known backends: webgpu, webgl, wasm, cpu/);
  });

  it('reports why webgpu cannot run where navigator.gpu is absent', async () => {
    await expect(initBrowserBackend('webgpu')).rejects.toThrow(/navigator\.gpu is absent/);
  });

  it('runs a forced cpu backend and reports it', async () => {
    const before = tf.memory().numTensors;
    expect(await initBrowserBackend('cpu', { fastKernels: false })).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(browserBackendReport()).toMatchObject({ backend: 'cpu', reason: 'forced', skipped: [] });
    expect(tf.memory().numTensors).toBe(before);
  });
});

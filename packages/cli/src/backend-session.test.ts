import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendReport } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { BACKEND_RECORD_FILE, cliImporter, formatBackendReport, recordBackendOnStart } from './backend-session';

const GPU_REPORT: BackendReport = {
  backend: 'webgpu',
  device: 'gpu',
  adapter: 'NVIDIA H200 (nvidia, hopper)',
  reason: 'WebGPU through webgpu on NVIDIA H200 (nvidia, hopper) (hardware adapter)',
  threads: 1,
  simd: false,
  fastKernels: false,
  gradientOverrides: true,
  skipped: [{ backend: 'tensorflow', as: 'gpu', reason: '@tensorflow/tfjs-node-gpu loaded but TensorFlow found no GPU (needs CUDA 11.2 + cuDNN 8.1); ranked as a CPU engine' }],
};

describe('formatBackendReport', () => {
  it('names the backend, the device and adapter, the reason, and every skipped option', () => {
    expect(formatBackendReport(GPU_REPORT)).toBe(
      'backend: webgpu on the GPU (NVIDIA H200 (nvidia, hopper)): WebGPU through webgpu on NVIDIA H200 (nvidia, hopper) (hardware adapter)\n' +
        '  skipped tensorflow as a GPU backend: @tensorflow/tfjs-node-gpu loaded but TensorFlow found no GPU (needs CUDA 11.2 + cuDNN 8.1); ranked as a CPU engine\n',
    );
  });
});

describe('recordBackendOnStart', () => {
  it('appends the report to backend.json once per invocation, when the first phase begins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lowres-backend-'));
    try {
      for (let invocation = 0; invocation < 2; invocation++) {
        const callbacks = recordBackendOnStart(dir, GPU_REPORT);
        await callbacks.onPhaseBegin?.({ phase: 'sr', epochs: 1, stepsPerEpoch: 1, resumedAtStep: 0 });
        await callbacks.onPhaseBegin?.({ phase: 'classifier', epochs: 1, stepsPerEpoch: 1, resumedAtStep: 0 });
      }
      const records = JSON.parse(await readFile(join(dir, BACKEND_RECORD_FILE), 'utf8'));
      expect(records).toHaveLength(2);
      expect(records[1]).toMatchObject({ backend: 'webgpu', device: 'gpu', adapter: 'NVIDIA H200 (nvidia, hopper)', at: expect.any(String) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('cliImporter', () => {
  it("finds a package from the CLI's location or else from @lowres/core's, and names one that neither has", async () => {
    // webgpu is a (dev) dependency of @lowres/core, not of the CLI.
    await expect(cliImporter('webgpu')).resolves.toHaveProperty('create');
    await expect(cliImporter('@lowres/no-such-package')).rejects.toThrow(/@lowres\/no-such-package/);
  });
});

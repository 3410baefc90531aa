import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../errors';
import { initBackend, probeBackends } from './init-backend';

// Software Vulkan (lavapipe, 128 MiB binding limit) on CI; skipped where Dawn finds no adapter.
const webgpu = (await probeBackends({ forced: 'webgpu' })).find((probe) => probe.backend === 'webgpu');
if (!webgpu?.available) console.warn(`webgpu-errors.test.ts: skipped: ${webgpu?.reason}`);

describe.skipIf(!webgpu?.available)('WebGPU validation errors', () => {
  it('fail the next read-back instead of leaving zeros behind', async () => {
    await initBackend('webgpu');
    const limit = (tf.backend() as unknown as { device: { limits: { maxStorageBufferBindingSize: number } } }).device.limits
      .maxStorageBufferBindingSize;
    // Past the adapter's binding limit; on a large hardware GPU that would be too big to allocate here.
    if (limit > 2 ** 28) return;
    const tooLarge = tf.ones([limit / 4 + 1024]);
    const result = tooLarge.add(1);
    const read = result.data();
    await expect(read).rejects.toThrow(BackendUnavailableError);
    await expect(read).rejects.toThrow(/WebGPU rejected a computation and its results are invalid: .*binding size.*a smaller batch or micro-batch may fit/i);
    tf.dispose([tooLarge, result]);
    // The error is reported once; later work runs normally.
    const small = tf.tidy(() => tf.tensor([1, 2]).add(1));
    expect(Array.from(await small.data())).toEqual([2, 3]);
    small.dispose();
  });
});

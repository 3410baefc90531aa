import type * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../errors';
import { BACKEND_NAMES } from './backend-candidate';

/** The parts of tfjs-backend-webgpu's backend that lowres touches. */
interface WebGpuBackendLike {
  device?: {
    limits?: { maxStorageBufferBindingSize?: number };
    addEventListener?: (type: 'uncapturederror', listener: (event: { error?: { message?: string } }) => void) => void;
  };
  read(dataId: object): Promise<tf.backend_util.BackendValues>;
}

const watched = new WeakSet<object>();

/**
 * Makes WebGPU's validation errors fail loudly. WebGPU reports them as events, not exceptions, and
 * the rejected work leaves zeros behind (e.g. a tensor larger than the adapter's
 * maxStorageBufferBindingSize), so training would go on with wrong numbers. After this, the next
 * read-back (every training step reads its loss) rejects with BackendUnavailableError naming it.
 */
export function surfaceWebGpuErrors(backend: unknown): void {
  const webgpu = backend as WebGpuBackendLike;
  if (watched.has(webgpu) || typeof webgpu.device?.addEventListener !== 'function') return;
  watched.add(webgpu);
  const errors: string[] = [];
  webgpu.device.addEventListener('uncapturederror', (event) => {
    errors.push((event.error?.message ?? 'unknown WebGPU error').split('\n')[0] as string);
  });
  const read = webgpu.read.bind(webgpu);
  webgpu.read = async (dataId) => {
    const values = await read(dataId);
    if (errors.length > 0) {
      const first = errors[0];
      errors.length = 0;
      const limit = webgpu.device?.limits?.maxStorageBufferBindingSize;
      const hint = limit !== undefined ? `; this adapter binds at most ${limit} bytes per buffer, so a smaller batch or micro-batch may fit` : '';
      throw new BackendUnavailableError('webgpu', BACKEND_NAMES, `WebGPU rejected a computation and its results are invalid: ${first}${hint}`);
    }
    return values;
  };
}

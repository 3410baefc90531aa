import { fastKernelsRegistered, registerFastKernels } from '../kernels/register-fast-kernels';
import type { BackendCandidate } from './backend-candidate';
import { cores } from './cores';
import { startWasm } from './wasm-threads';

/** tfjs-backend-wasm with SIMD, one thread per core (or `threads`) and lowres' fast gradient kernels. */
export const wasmCandidate: BackendCandidate = {
  name: 'wasm',
  async probe() {
    return { available: true, device: 'cpu', reason: '@tensorflow/tfjs-backend-wasm (a dependency of @lowres/core)' };
  },
  async activate({ threads, fastKernels }) {
    const start = await startWasm(threads ?? cores());
    if (threads !== undefined && start.threads !== threads) {
      throw new Error(
        `wasm already runs ${start.threads} thread(s) in this process and cannot switch to ${threads}; start a new process`,
      );
    }
    if (fastKernels) registerFastKernels('wasm');
    return {
      ...start,
      fastKernels: fastKernelsRegistered('wasm'),
      detail: `${start.threads} thread(s), SIMD ${start.simd ? 'on' : 'off'}`,
    };
  },
};

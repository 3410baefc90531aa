import * as tf from '@tensorflow/tfjs';
import { fastKernelsRegistered, registerFastKernels } from '../kernels/register-fast-kernels';
import { type BackendCandidate, setBackendOrThrow } from './backend-candidate';

/** TF.js' pure-JavaScript backend, always available, with lowres' fast gradient kernels. */
export const cpuCandidate: BackendCandidate = {
  name: 'cpu',
  async probe() {
    return { available: true, device: 'cpu', reason: 'pure JavaScript, always available' };
  },
  async activate({ fastKernels }) {
    await setBackendOrThrow(tf, 'cpu');
    if (fastKernels) registerFastKernels('cpu');
    return { threads: 1, simd: false, fastKernels: fastKernelsRegistered('cpu') };
  },
};

import * as tf from '@tensorflow/tfjs';
import { fastKernelsRegistered } from '../kernels/register-fast-kernels';
import { type BackendCandidate, setBackendOrThrow } from './backend-candidate';
import { cores } from './cores';
import { fullMessage, isModuleMissing } from './module-errors';

/** The optional package that provides lowres' oneDNN CPU engine, a TF.js backend named 'native'. */
export const NATIVE_PACKAGE = '@lowres/native';

/** lowres' oneDNN CPU engine: `@lowres/native` registers a TF.js backend named 'native' when imported. */
export const nativeCandidate: BackendCandidate = {
  name: 'native',
  async probe({ importer }) {
    try {
      await importer(NATIVE_PACKAGE);
    } catch (error) {
      const reason = isModuleMissing(error, NATIVE_PACKAGE) ? 'not installed' : fullMessage(error);
      return { available: false, reason: `${NATIVE_PACKAGE}: ${reason}` };
    }
    if (!tf.findBackendFactory('native')) {
      return { available: false, reason: `${NATIVE_PACKAGE}: imported but registered no 'native' backend` };
    }
    return { available: true, device: 'cpu', reason: `${NATIVE_PACKAGE} (oneDNN) is installed` };
  },
  async activate() {
    await setBackendOrThrow(tf, 'native');
    return { threads: cores(), simd: true, fastKernels: fastKernelsRegistered('native') };
  },
};

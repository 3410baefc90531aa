import * as tf from '@tensorflow/tfjs';
import { fastKernelsRegistered } from '../kernels/register-fast-kernels';
import { type BackendCandidate, setBackendOrThrow } from './backend-candidate';
import { cores } from './cores';
import { fullMessage, isModuleMissing } from './module-errors';

/** The optional package that provides lowres' oneDNN CPU engine, a TF.js backend named 'native'. */
export const NATIVE_PACKAGE = '@lowres/native';

/** The part of `@lowres/native` that initBackend calls. */
interface NativeModule {
  registerNativeBackend?: (options?: { threads?: number }) =>
    | { ok: true; onednn?: string; isa?: string; threads?: number; convolutionPrecision?: string }
    | { ok: false; reason: string };
}

/**
 * lowres' oneDNN CPU engine: `@lowres/native`'s registerNativeBackend() registers a TF.js backend
 * named 'native' when its addon is built, or says why it is not.
 */
export const nativeCandidate: BackendCandidate = {
  name: 'native',
  async probe({ importer, threads }) {
    let module: NativeModule;
    try {
      module = ((await importer(NATIVE_PACKAGE)) ?? {}) as NativeModule;
    } catch (error) {
      // The application registered the engine itself (registerNativeBackend()) where core cannot import it.
      if (tf.findBackendFactory('native')) return { available: true, device: 'cpu', reason: "the 'native' backend is registered" };
      const reason = isModuleMissing(error, NATIVE_PACKAGE) ? 'not installed' : fullMessage(error);
      return { available: false, reason: `${NATIVE_PACKAGE}: ${reason}` };
    }
    let detail = '';
    if (typeof module.registerNativeBackend === 'function') {
      const registration = module.registerNativeBackend(threads !== undefined ? { threads } : {});
      if (!registration.ok) return { available: false, reason: `${NATIVE_PACKAGE}: ${registration.reason}` };
      const precision = registration.convolutionPrecision === 'bf16' ? 'bf16 convolutions (mixed precision)' : '';
      detail = [registration.onednn ? `oneDNN ${registration.onednn}` : '', registration.isa ?? '', precision].filter(Boolean).join(', ');
    }
    if (!tf.findBackendFactory('native')) {
      return { available: false, reason: `${NATIVE_PACKAGE}: imported but registered no 'native' backend` };
    }
    return { available: true, device: 'cpu', reason: `${NATIVE_PACKAGE} is installed${detail ? ` (${detail})` : ''}` };
  },
  async activate({ threads }) {
    await setBackendOrThrow(tf, 'native');
    return { threads: threads ?? cores(), simd: true, fastKernels: fastKernelsRegistered('native') };
  },
};

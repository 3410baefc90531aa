import * as tf from '@tensorflow/tfjs';
import { fastKernelsRegistered } from '../kernels/register-fast-kernels';
import { type BackendCandidate, type ProbeResult, setBackendOrThrow } from './backend-candidate';
import { cores } from './cores';
import { fullMessage, isModuleMissing } from './module-errors';

/** The GPU and the CPU builds of TensorFlow's Node binding, in the order they are tried. */
export const TENSORFLOW_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/** Why tfjs-node-gpu runs on the CPU when TensorFlow reports no GPU device. */
export const NO_GPU_REASON = 'loaded but TensorFlow found no GPU (needs CUDA 11.2 + cuDNN 8.1)';

function bindingHint(pkg: string, message: string): string {
  if (!/tfjs_binding\.node|libtensorflow|cannot open shared object/i.test(message)) return '';
  return ` (pnpm 10 skips its install script, which downloads libtensorflow and builds the binding: run \`pnpm approve-builds\` and \`pnpm rebuild ${pkg}\`; npm: \`npm rebuild ${pkg}\`)`;
}

/**
 * TensorFlow's Node binding: @tensorflow/tfjs-node-gpu, else @tensorflow/tfjs-node. Counts as a GPU
 * backend only when TensorFlow reports a GPU device (`isUsingGpuDevice`); tfjs-node-gpu without a
 * usable CUDA 11.2 + cuDNN 8.1 is reported as the CPU engine it then is.
 */
export const tensorflowCandidate: BackendCandidate = {
  name: 'tensorflow',
  async probe({ importer }): Promise<ProbeResult> {
    const reasons: string[] = [];
    for (const pkg of TENSORFLOW_PACKAGES) {
      if (pkg !== TENSORFLOW_PACKAGES[0] && !tf.findBackendFactory('tensorflow') && tf.getKernelsForBackend('tensorflow').length > 0) {
        // The first package registered the kernels and then failed; loading a second copy would only
        // repeat "kernel already registered" for every kernel.
        reasons.push(`${pkg}: not tried, since ${TENSORFLOW_PACKAGES[0]} registered its kernels before failing`);
        continue;
      }
      try {
        await importer(pkg);
      } catch (error) {
        if (isModuleMissing(error, pkg)) {
          reasons.push(`${pkg}: not installed`);
        } else {
          const message = fullMessage(error);
          reasons.push(`${pkg}: ${message}${bindingHint(pkg, message)}`);
        }
        continue;
      }
      const backend = tf.findBackend('tensorflow') as (tf.KernelBackend & { isUsingGpuDevice?: boolean }) | null;
      if (!backend) {
        reasons.push(`${pkg}: imported but registered no 'tensorflow' backend`);
        continue;
      }
      if (backend.isUsingGpuDevice === true) {
        return { available: true, device: 'gpu', reason: `${pkg}: TensorFlow reports a GPU device` };
      }
      const why = pkg === TENSORFLOW_PACKAGES[0] ? `${pkg} ${NO_GPU_REASON}` : `${pkg} is installed`;
      return { available: true, device: 'cpu', reason: why };
    }
    return { available: false, reason: reasons.join('; ') };
  },
  async activate() {
    await setBackendOrThrow(tf, 'tensorflow');
    return { threads: cores(), simd: false, fastKernels: fastKernelsRegistered('tensorflow') };
  },
};

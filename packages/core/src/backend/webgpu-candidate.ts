import * as tf from '@tensorflow/tfjs';
import { type BackendCandidate, type ProbeResult, setBackendOrThrow } from './backend-candidate';
import { fullMessage, isModuleMissing } from './module-errors';
import { surfaceWebGpuErrors } from './webgpu-errors';
import { type GpuLike, describeAdapter, installNavigatorGpu, installWebGpuGlobals } from './webgpu-adapter';

/** Dawn's Node binding (npm `webgpu`), and the TF.js backend that runs on it. */
export const WEBGPU_PACKAGES = { dawn: 'webgpu', backend: '@tensorflow/tfjs-backend-webgpu' } as const;

const INSTALL_HINT = `npm install ${WEBGPU_PACKAGES.dawn} ${WEBGPU_PACKAGES.backend}@4.22.0`;

// One Dawn instance per importer (the real one in practice; tests inject their own).
const dawnGpus = new WeakMap<object, GpuLike>();

async function importOrReason(importer: (specifier: string) => Promise<unknown>, specifier: string): Promise<unknown> {
  try {
    return await importer(specifier);
  } catch (error) {
    if (isModuleMissing(error, specifier)) return `${specifier}: not installed (${INSTALL_HINT})`;
    return `${specifier}: ${fullMessage(error)}`;
  }
}

/** The `navigator.gpu` to use: the one the host has (a browser, Deno), else Dawn's, created once. */
async function findGpu(importer: (specifier: string) => Promise<unknown>): Promise<GpuLike | string> {
  const existing = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (existing) return existing;
  const cached = dawnGpus.get(importer);
  if (cached) return cached;
  const dawn = await importOrReason(importer, WEBGPU_PACKAGES.dawn);
  if (typeof dawn === 'string') return dawn;
  const { create, globals } = dawn as { create?: (flags: string[]) => GpuLike; globals?: Record<string, unknown> };
  if (typeof create !== 'function') return `${WEBGPU_PACKAGES.dawn}: exports no create() (expected Dawn's Node binding)`;
  installWebGpuGlobals(globals ?? {});
  const gpu = create([]);
  dawnGpus.set(importer, gpu);
  return gpu;
}

/**
 * TF.js' WebGPU backend, in Node through Dawn's binding (npm `webgpu`, which needs the Vulkan loader
 * and the GPU driver's Vulkan ICD). Chosen on a hardware adapter; software adapters (llvmpipe /
 * lavapipe, SwiftShader) compute on the CPU and are used only when forced.
 */
export const webgpuCandidate: BackendCandidate = {
  name: 'webgpu',
  async probe({ importer, forced }): Promise<ProbeResult> {
    const gpu = await findGpu(importer);
    if (typeof gpu === 'string') return { available: false, reason: gpu };
    let adapter: Awaited<ReturnType<GpuLike['requestAdapter']>>;
    try {
      adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    } catch (error) {
      return { available: false, reason: `requestAdapter failed: ${fullMessage(error)}` };
    }
    if (!adapter) {
      return {
        available: false,
        reason: 'no WebGPU adapter (Dawn needs the Vulkan loader, e.g. libvulkan1, and a Vulkan driver: the GPU driver or Mesa >= 24)',
      };
    }
    const described = describeAdapter(adapter);
    if (described.software && !forced) {
      return {
        available: false,
        reason: `adapter ${described.name} is a software renderer, not a GPU (LOWRES_BACKEND=webgpu forces it)`,
      };
    }
    if (!tf.findBackendFactory('webgpu')) {
      // tfjs-backend-webgpu registers its backend at import only if navigator.gpu exists by then.
      installNavigatorGpu(gpu);
      const imported = await importOrReason(importer, WEBGPU_PACKAGES.backend);
      if (typeof imported === 'string') return { available: false, reason: imported };
      if (!tf.findBackendFactory('webgpu')) {
        return {
          available: false,
          reason: `${WEBGPU_PACKAGES.backend} registered no 'webgpu' backend (was it imported before navigator.gpu existed?)`,
        };
      }
    }
    const where = described.software ? 'forced onto a software adapter: computes on the CPU' : 'hardware adapter';
    return {
      available: true,
      device: described.software ? 'cpu' : 'gpu',
      adapter: described.name,
      reason: `WebGPU through ${WEBGPU_PACKAGES.dawn} on ${described.name} (${where})`,
    };
  },
  async activate() {
    await setBackendOrThrow(tf, 'webgpu');
    surfaceWebGpuErrors(tf.backend());
    return { threads: 1, simd: false, fastKernels: false };
  },
};

/** The parts of a WebGPU adapter's info that lowres reads. */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** Newer Dawn builds report fallback (software) adapters here. */
  isFallbackAdapter?: boolean;
}

/** The parts of a WebGPU adapter that lowres reads. */
export interface AdapterLike {
  info?: AdapterInfoLike;
  /** Older WebGPU implementations report software adapters here. */
  isFallbackAdapter?: boolean;
}

/** The parts of `navigator.gpu` that lowres calls. */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
}

/** A WebGPU adapter described for the backend report. */
export interface AdapterDescription {
  /** Human-readable name, e.g. "NVIDIA H200 (nvidia, hopper)" or "llvmpipe: Mesa 25.0.7 (software)". */
  name: string;
  /** True for software renderers (llvmpipe / lavapipe, SwiftShader, WARP): they compute on the CPU. */
  software: boolean;
}

const SOFTWARE_NAMES = /llvmpipe|lavapipe|swiftshader|softpipe|microsoft basic render|\bwarp\b/i;

/** Names a WebGPU adapter and says whether it is a software renderer rather than a GPU. */
export function describeAdapter(adapter: AdapterLike): AdapterDescription {
  const info = adapter.info ?? {};
  const words = [info.description, info.device, info.vendor, info.architecture].filter(
    (word): word is string => typeof word === 'string' && word.trim() !== '',
  );
  const software =
    info.isFallbackAdapter === true ||
    adapter.isFallbackAdapter === true ||
    info.architecture === 'software' ||
    words.some((word) => SOFTWARE_NAMES.test(word));
  const label = info.description || info.device || 'unnamed adapter';
  const extra = [info.vendor, info.architecture].filter((word) => word && word !== 'software' && !label.includes(word));
  const name = `${label}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}${software ? ' [software]' : ''}`;
  return { name, software };
}

/** Makes `gpu` the global `navigator.gpu` (Node has no navigator, or one without gpu), as tfjs-backend-webgpu expects. */
export function installNavigatorGpu(gpu: GpuLike): void {
  const global = globalThis as { navigator?: { gpu?: unknown } };
  if (global.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else if (global.navigator.gpu !== gpu) {
    Object.defineProperty(global.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  }
}

/** Defines the WebGPU constants a browser has as globals (GPUBufferUsage, GPUMapMode, …) where missing. */
export function installWebGpuGlobals(globals: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(globals)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
}

import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../errors';
import { fastKernelsRegistered, registerFastKernels } from '../kernels/register-fast-kernels';

/** Backends {@link initBrowserBackend} tries, fastest first. */
export const BROWSER_BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** A backend name accepted by {@link initBrowserBackend}. */
export type BrowserBackendName = (typeof BROWSER_BACKEND_NAMES)[number];

/** Where tfjs-backend-wasm finds its .wasm files: a folder URL ending in '/', or one URL per file name. */
export type WasmPaths = string | Partial<Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>>;

/** Options of {@link initBrowserBackend}. */
export interface BrowserBackendOptions {
  /** Where the wasm backend loads its binaries from (default: next to the script, tfjs' own default). */
  wasmPaths?: WasmPaths;
  /** Register lowres' fast gradient kernels on wasm / cpu (default true). */
  fastKernels?: boolean;
}

/** What {@link initBrowserBackend} chose and why the faster ones were skipped. */
export interface BrowserBackendReport {
  backend: BrowserBackendName;
  reason: string;
  /** Whether lowres' fast gradient kernels are registered on the chosen backend. */
  fastKernels: boolean;
  /** Each faster backend that was tried, with why it could not run. */
  skipped: string[];
}

/** Makes `name` the active backend; resolves to why it cannot run, or undefined once it runs. */
export type BackendAttempt = (name: BrowserBackendName) => Promise<string | undefined>;

let lastReport: BrowserBackendReport | undefined;

/** The report of the last successful {@link initBrowserBackend} call, if any. */
export function browserBackendReport(): BrowserBackendReport | undefined {
  return lastReport;
}

/**
 * Tries `order` with `attempt` until one runs. Returns the winner and the reasons of those skipped,
 * or throws BackendUnavailableError naming every reason when none runs.
 */
export async function firstWorkingBackend(
  order: readonly BrowserBackendName[],
  attempt: BackendAttempt,
): Promise<{ backend: BrowserBackendName; skipped: string[] }> {
  const skipped: string[] = [];
  for (const name of order) {
    const problem = await attempt(name);
    if (problem === undefined) return { backend: name, skipped };
    skipped.push(`${name}: ${problem}`);
  }
  throw new BackendUnavailableError(order.join(' / '), BROWSER_BACKEND_NAMES, skipped.join('; '));
}

async function activate(name: BrowserBackendName): Promise<string | undefined> {
  try {
    return (await tf.setBackend(name)) ? undefined : 'tf.setBackend returned false (the backend failed to initialise)';
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

/** The real attempt: loads the backend's package when it needs one, then activates it. */
function browserAttempt(options: BrowserBackendOptions): BackendAttempt {
  return async (name) => {
    if (name === 'webgpu') {
      const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
      if (!gpu) return 'navigator.gpu is absent (this browser or its flags offer no WebGPU)';
      if (!(await gpu.requestAdapter())) return 'navigator.gpu.requestAdapter() found no adapter (GPU disabled or blocked)';
      await import('@tensorflow/tfjs-backend-webgpu');
    }
    if (name === 'webgl' && typeof document === 'undefined' && typeof OffscreenCanvas === 'undefined') {
      return 'no canvas to create a WebGL context on';
    }
    if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths);
    }
    return activate(name);
  };
}

/**
 * Selects the fastest TF.js backend this browser runs: webgpu, webgl, wasm, then cpu; `name`
 * forces one (BackendUnavailableError when it is unknown or cannot run). {@link browserBackendReport}
 * then says which one runs and why each faster one was skipped.
 */
export async function initBrowserBackend(name?: string, options: BrowserBackendOptions = {}): Promise<BrowserBackendName> {
  if (name !== undefined && !(BROWSER_BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new BackendUnavailableError(name, BROWSER_BACKEND_NAMES, 'unknown backend name');
  }
  const order = name === undefined ? BROWSER_BACKEND_NAMES : [name as BrowserBackendName];
  const { backend, skipped } = await firstWorkingBackend(order, browserAttempt(options));
  await tf.ready();
  const wantKernels = options.fastKernels ?? true;
  if (wantKernels && (backend === 'wasm' || backend === 'cpu')) registerFastKernels(backend);
  lastReport = {
    backend,
    reason: name === undefined ? (skipped.length === 0 ? 'the fastest backend runs here' : 'the first backend that runs here') : 'forced',
    fastKernels: (backend === 'wasm' || backend === 'cpu') && fastKernelsRegistered(backend),
    skipped,
  };
  return backend;
}

import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../errors';

/** Names accepted by {@link initBackend} and LOWRES_BACKEND. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu', 'webgpu'] as const;

/** A backend name accepted by {@link initBackend}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What {@link initBackend} chose and why. */
export interface BackendReport {
  backend: BackendName;
  reason: string;
  threads: number;
  simd: boolean;
  /** Packages that were tried and why they were skipped. */
  skipped: string[];
}

let lastReport: BackendReport | undefined;

/** The report of the last successful {@link initBackend} call, if any. */
export function backendReport(): BackendReport | undefined {
  return lastReport;
}

const require = createRequire(import.meta.url);

async function tryTensorflow(skipped: string[]): Promise<string | undefined> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(/* @vite-ignore */ pkg);
      if (tf.findBackend('tensorflow')) return pkg;
      skipped.push(`${pkg}: imported but registered no 'tensorflow' backend`);
    } catch (error) {
      skipped.push(`${pkg}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return undefined;
}

async function initWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const distDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  wasm.setWasmPaths(`${distDir}${path.sep}`);
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
}

/**
 * Selects and initialises the fastest available TF.js backend: tfjs-node-gpu, tfjs-node, wasm,
 * then cpu. `name` (or the LOWRES_BACKEND environment variable) forces one.
 */
export async function initBackend(name?: string): Promise<BackendName> {
  const requested = name ?? process.env.LOWRES_BACKEND ?? undefined;
  if (requested !== undefined && !(BACKEND_NAMES as readonly string[]).includes(requested)) {
    throw new BackendUnavailableError(requested, BACKEND_NAMES, 'unknown backend name');
  }
  const skipped: string[] = [];
  const finish = async (backend: BackendName, reason: string): Promise<BackendName> => {
    await tf.ready();
    lastReport = { backend, reason, threads: 1, simd: backend === 'wasm', skipped };
    return backend;
  };

  if (requested === 'tensorflow' || requested === undefined) {
    const pkg = await tryTensorflow(skipped);
    if (pkg) {
      await tf.setBackend('tensorflow');
      return finish('tensorflow', `${pkg} is installed`);
    }
    if (requested === 'tensorflow') {
      throw new BackendUnavailableError('tensorflow', BACKEND_NAMES, skipped.join('; '));
    }
  }
  if (requested === 'webgpu') {
    throw new BackendUnavailableError('webgpu', BACKEND_NAMES, 'WebGPU is not available in Node.js');
  }
  if (requested === 'wasm' || requested === undefined) {
    try {
      await initWasm();
      return finish('wasm', requested ? 'forced' : 'no tfjs-node package found');
    } catch (error) {
      if (requested === 'wasm') {
        throw new BackendUnavailableError('wasm', BACKEND_NAMES, (error as Error).message);
      }
      skipped.push(`wasm: ${(error as Error).message}`);
    }
  }
  await tf.setBackend('cpu');
  return finish('cpu', requested ? 'forced' : 'no faster backend could be initialised');
}

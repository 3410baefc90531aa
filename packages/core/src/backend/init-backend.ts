import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError, InvalidArgumentError } from '../errors';
import { fastKernelsRegistered, registerFastKernels } from '../kernels/register-fast-kernels';
import { startWasm } from './wasm-threads';

/** Names accepted by {@link initBackend} and LOWRES_BACKEND. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu', 'webgpu'] as const;

/** A backend name accepted by {@link initBackend}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * Threads for the wasm backend (default: LOWRES_THREADS, else every core). Fixed for the life
   * of the process once wasm has started; asking for another count later is an error.
   */
  threads?: number;
  /** Register lowres' fast gradient kernels on wasm / cpu (default true; once registered they stay for the process). */
  fastKernels?: boolean;
}

/** What {@link initBackend} chose and why. */
export interface BackendReport {
  backend: BackendName;
  reason: string;
  /** Threads the backend computes with (wasm: XNNPACK's pool; cpu: 1; tensorflow: its own pool, reported as cores). */
  threads: number;
  /** Whether the wasm backend runs its SIMD build. */
  simd: boolean;
  /** Whether lowres' fast gradient kernels are registered on the chosen backend. */
  fastKernels: boolean;
  /** Packages that were tried and why they were skipped. */
  skipped: string[];
}

let lastReport: BackendReport | undefined;

/** The report of the last successful {@link initBackend} call, if any. */
export function backendReport(): BackendReport | undefined {
  return lastReport;
}

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

function cores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

function requestedThreads(options: InitBackendOptions): number | undefined {
  const fromEnvironment = process.env.LOWRES_THREADS;
  const value = options.threads ?? (fromEnvironment ? Number(fromEnvironment) : undefined);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    const argument = options.threads !== undefined ? 'options.threads' : 'LOWRES_THREADS';
    throw new InvalidArgumentError(argument, `expected a positive integer, got ${String(options.threads ?? fromEnvironment)}`);
  }
  return value;
}

/**
 * Selects and initialises the fastest available TF.js backend: tfjs-node-gpu, tfjs-node, wasm
 * (SIMD + threads, with lowres' fast gradient kernels), then cpu. `name` (or the LOWRES_BACKEND
 * environment variable) forces one; an unknown or unavailable name throws BackendUnavailableError.
 */
export async function initBackend(name?: string, options: InitBackendOptions = {}): Promise<BackendName> {
  const requested = name ?? (process.env.LOWRES_BACKEND || undefined);
  if (requested !== undefined && !(BACKEND_NAMES as readonly string[]).includes(requested)) {
    throw new BackendUnavailableError(requested, BACKEND_NAMES, 'unknown backend name');
  }
  const threads = requestedThreads(options);
  const fastKernels = options.fastKernels ?? true;
  const skipped: string[] = [];
  const finish = async (
    backend: BackendName,
    reason: string,
    details: { threads: number; simd: boolean; fastKernels: boolean },
  ): Promise<BackendName> => {
    await tf.ready();
    lastReport = { backend, reason, ...details, skipped };
    return backend;
  };

  if (requested === 'tensorflow' || requested === undefined) {
    const pkg = await tryTensorflow(skipped);
    if (pkg) {
      await tf.setBackend('tensorflow');
      return finish('tensorflow', `${pkg} is installed`, { threads: cores(), simd: false, fastKernels: false });
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
      const wanted = threads ?? cores();
      const start = await startWasm(wanted);
      if (threads !== undefined && start.threads !== threads) {
        throw new Error(
          `wasm already runs ${start.threads} thread(s) in this process and cannot switch to ${threads}; start a new process`,
        );
      }
      if (fastKernels) registerFastKernels('wasm');
      const why = requested ? 'forced' : 'no tfjs-node package found';
      return finish('wasm', `${why}; ${start.threads} thread(s), SIMD ${start.simd ? 'on' : 'off'}`, {
        ...start,
        fastKernels: fastKernelsRegistered('wasm'),
      });
    } catch (error) {
      if (requested === 'wasm') {
        throw new BackendUnavailableError('wasm', BACKEND_NAMES, (error as Error).message);
      }
      skipped.push(`wasm: ${(error as Error).message}`);
    }
  }
  await tf.setBackend('cpu');
  if (fastKernels) registerFastKernels('cpu');
  return finish('cpu', requested ? 'forced' : 'no faster backend could be initialised', {
    threads: 1,
    simd: false,
    fastKernels: fastKernelsRegistered('cpu'),
  });
}

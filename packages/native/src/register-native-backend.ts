import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { type ConvolutionPrecision, loadAddon } from './addon';
import { BufferPool } from './buffer-pool';
import { installFusedBatchNormTraining } from './fused-batch-norm-training';
import { BATCH_NORM_TRAINING } from './kernels/normalization-kernels';
import { NativeBackend } from './native-backend';
import { nativeKernels } from './native-kernels';

/** Name under which the engine registers its TF.js backend. */
export const NATIVE_BACKEND_NAME = 'native';

/** Options of {@link registerNativeBackend}. */
export interface NativeBackendOptions {
  /** OpenMP threads for native kernels (default: LOWRES_THREADS, else every core). */
  threads?: number;
  /**
   * Most bytes of released output buffers kept for reuse (default: LOWRES_NATIVE_POOL_MB, else 4 GiB).
   * Below a training step's working set, buffers are allocated afresh (page faults) every step.
   */
  poolBytes?: number;
  /**
   * Arithmetic of the convolutions (default: LOWRES_NATIVE_PRECISION, else 'f32'). 'bf16' rounds
   * activations, filters and output gradients to bfloat16 and accumulates in float32 (mixed
   * precision, several times faster on CPUs with AMX); it needs AVX512-BF16 or AMX.
   */
  convolutionPrecision?: ConvolutionPrecision;
}

/** What {@link registerNativeBackend} found: the engine's versions, or why it is unavailable. */
export type NativeRegistration =
  | { ok: true; onednn: string; isa: string; threads: number; kernels: number; convolutionPrecision: ConvolutionPrecision }
  | { ok: false; reason: string };

let registration: NativeRegistration | undefined;
const fallbacks = new Map<string, number>();

function defaultPrecision(): ConvolutionPrecision {
  const fromEnvironment = process.env.LOWRES_NATIVE_PRECISION;
  if (fromEnvironment === undefined || fromEnvironment === '') return 'f32';
  return parsePrecision(fromEnvironment, 'LOWRES_NATIVE_PRECISION');
}

function parsePrecision(value: string, name: string): ConvolutionPrecision {
  if (value === 'f32' || value === 'bf16') return value;
  throw new InvalidArgumentError(name, `expected 'f32' or 'bf16', got '${value}'`);
}

function defaultThreads(): number {
  const fromEnvironment = Number(process.env.LOWRES_THREADS);
  if (Number.isInteger(fromEnvironment) && fromEnvironment > 0) return fromEnvironment;
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** The cpu kernel for `kernelName`, looked up at call time so later cpu fixes apply here too. */
function cpuKernel(kernelName: string): tf.KernelFunc {
  return (args) => {
    const kernel = tf.getKernel(kernelName, 'cpu');
    if (!kernel) throw new Error(`native: no ${kernelName} kernel on cpu to fall back to`);
    return kernel.kernelFunc(args);
  };
}

/** Kernel names listed in LOWRES_NATIVE_DISABLE (comma-separated) run on the cpu kernels instead. */
function disabledKernels(): Set<string> {
  return new Set((process.env.LOWRES_NATIVE_DISABLE ?? '').split(',').map((name) => name.trim()).filter(Boolean));
}

function registerKernels(): number {
  const disabled = disabledKernels();
  const names = new Set([...tf.getKernelsForBackend('cpu').map((k) => k.kernelName), ...Object.keys(nativeKernels)]);
  for (const kernelName of names) {
    if (tf.getKernel(kernelName, NATIVE_BACKEND_NAME)) tf.unregisterKernel(kernelName, NATIVE_BACKEND_NAME);
    const fallback = cpuKernel(kernelName);
    const native = disabled.has(kernelName) ? undefined : nativeKernels[kernelName];
    const kernelFunc: tf.KernelFunc = native
      ? (args) => {
          const result = native(args as Parameters<typeof native>[0]);
          if (result !== undefined) return result;
          fallbacks.set(kernelName, (fallbacks.get(kernelName) ?? 0) + 1);
          return fallback(args);
        }
      : fallback;
    tf.registerKernel({ kernelName, backendName: NATIVE_BACKEND_NAME, kernelFunc });
  }
  return Object.keys(nativeKernels).length;
}

/**
 * Registers the 'native' TF.js backend (oneDNN convolutions and matrix products, OpenMP kernels
 * for the rest of the training hot path, the cpu backend's kernels for the long tail) if the addon
 * is built. Idempotent; does not make it the active backend (`tf.setBackend('native')` does).
 */
export function registerNativeBackend(options: NativeBackendOptions = {}): NativeRegistration {
  if (registration?.ok) {
    if (options.threads !== undefined) setNativeThreads(options.threads);
    if (options.convolutionPrecision !== undefined) setNativeConvolutionPrecision(options.convolutionPrecision);
    return registration;
  }
  const load = loadAddon();
  if (!load.ok) {
    registration = { ok: false, reason: load.reason };
    return registration;
  }
  const { addon } = load;
  // First, so that a precision the CPU cannot do throws before anything is registered.
  const convolutionPrecision = options.convolutionPrecision ?? defaultPrecision();
  addon.setConvolutionPrecision(convolutionPrecision);
  const fromEnvironment = Number(process.env.LOWRES_NATIVE_POOL_MB) * 2 ** 20;
  const pool = new BufferPool(
    options.poolBytes ?? (fromEnvironment > 0 ? fromEnvironment : 4 * 2 ** 30),
    process.env.LOWRES_NATIVE_POISON === '1',
  );
  tf.registerBackend(NATIVE_BACKEND_NAME, () => new NativeBackend(addon, pool), 0);
  const kernels = registerKernels();
  // The layer's training path reaches the fused kernel only while it is enabled (it has no cpu twin).
  if (!disabledKernels().has(BATCH_NORM_TRAINING)) installFusedBatchNormTraining(NATIVE_BACKEND_NAME);
  addon.setThreads(options.threads ?? defaultThreads());
  registration = { ok: true, ...addon.info(), kernels, convolutionPrecision };
  return registration;
}

/**
 * Sets the arithmetic of the native convolutions ('f32', or 'bf16': bfloat16 products accumulated
 * in float32). Throws where the CPU lacks bf16 instructions, or the addon is not built.
 */
export function setNativeConvolutionPrecision(precision: ConvolutionPrecision): void {
  parsePrecision(precision, 'precision');
  const load = loadAddon();
  if (!load.ok) throw new InvalidArgumentError('precision', `cannot be set: ${load.reason}`);
  load.addon.setConvolutionPrecision(precision);
  if (registration?.ok) registration = { ...registration, convolutionPrecision: precision };
}

/** Sets the OpenMP thread count of the native kernels (oneDNN shares the same OpenMP pool). */
export function setNativeThreads(threads: number): void {
  const load = loadAddon();
  requirePositiveInteger('threads', threads);
  if (load.ok) {
    load.addon.setThreads(threads);
    if (registration?.ok) registration = { ...registration, threads };
  }
}

/** oneDNN's choice of implementation for each convolution run so far (to spot reference kernels). */
export function nativeImplementations(): string[] {
  const load = loadAddon();
  return load.ok ? load.addon.implementations() : [];
}

/** How often each native kernel met a case it does not cover and ran the cpu kernel instead. */
export function nativeFallbacks(): ReadonlyMap<string, number> {
  return fallbacks;
}

import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError, InvalidArgumentError } from '../errors';
import { gradientOverridesRegistered, registerGradientOverrides } from '../kernels/register-gradient-overrides';
import {
  type AvailableProbe,
  BACKEND_NAMES,
  type BackendCandidate,
  type BackendDevice,
  type BackendName,
  type ModuleImporter,
  type ProbeContext,
  type ProbeResult,
  importModule,
} from './backend-candidate';
import { cpuCandidate } from './cpu-candidate';
import { fullMessage } from './module-errors';
import { nativeCandidate } from './native-candidate';
import { tensorflowCandidate } from './tensorflow-candidate';
import { wasmCandidate } from './wasm-candidate';
import { webgpuCandidate } from './webgpu-candidate';

export { BACKEND_NAMES, type BackendName } from './backend-candidate';

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * Threads for the wasm backend (default: LOWRES_THREADS, else every core). Fixed for the life
   * of the process once wasm has started; asking for another count later is an error.
   */
  threads?: number;
  /**
   * Register lowres' fast gradient kernels on wasm / cpu and its gradient overrides (FusedBatchNorm,
   * Mean, DepthToSpace) on every backend (default true; once registered they stay for the process).
   */
  fastKernels?: boolean;
  /** Loads optional packages (tfjs-node(-gpu), webgpu, @lowres/native); default `import()`. For tests. */
  importer?: ModuleImporter;
}

/** A backend that was tried and not chosen, with the full reason. */
export interface SkippedBackend {
  backend: BackendName;
  /** Set when the backend was passed over in this role only (tfjs-node-gpu without a GPU is skipped as a GPU backend). */
  as?: BackendDevice;
  reason: string;
}

/** What {@link initBackend} chose, where it computes, and why. */
export interface BackendReport {
  backend: BackendName;
  /** 'gpu' only when the backend really computes on a GPU (TensorFlow reports a GPU device, or a hardware WebGPU adapter). */
  device: BackendDevice;
  /** The WebGPU adapter's name, when the backend is webgpu. */
  adapter?: string;
  reason: string;
  /** Threads the backend computes with (wasm: XNNPACK's pool; cpu: 1; tensorflow / native: cores; webgpu: 1 host thread). */
  threads: number;
  /** Whether the wasm backend runs its SIMD build. */
  simd: boolean;
  /** Whether lowres' fast gradient kernels are registered on the chosen backend. */
  fastKernels: boolean;
  /** Whether lowres' gradient overrides (FusedBatchNorm, Mean, DepthToSpace) are registered (they hold on every backend). */
  gradientOverrides: boolean;
  /** Backends tried before the chosen one, and why each was skipped. */
  skipped: SkippedBackend[];
}

/** One step of the automatic choice: a backend, accepted only if it computes on `device`. */
export interface BackendSlot {
  backend: BackendName;
  device: BackendDevice;
}

/**
 * The automatic order: a GPU backend first (TensorFlow with a GPU, else WebGPU on a hardware
 * adapter), then the CPU engines (native oneDNN, TensorFlow's CPU build, wasm, cpu).
 */
export const BACKEND_ORDER: readonly BackendSlot[] = [
  { backend: 'tensorflow', device: 'gpu' },
  { backend: 'webgpu', device: 'gpu' },
  { backend: 'native', device: 'cpu' },
  { backend: 'tensorflow', device: 'cpu' },
  { backend: 'wasm', device: 'cpu' },
  { backend: 'cpu', device: 'cpu' },
];

const CANDIDATES: Record<BackendName, BackendCandidate> = {
  tensorflow: tensorflowCandidate,
  webgpu: webgpuCandidate,
  native: nativeCandidate,
  wasm: wasmCandidate,
  cpu: cpuCandidate,
};

let lastReport: BackendReport | undefined;

/** The report of the last successful {@link initBackend} call, if any. */
export function backendReport(): BackendReport | undefined {
  return lastReport;
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

function requestedName(name: string | undefined): BackendName | undefined {
  const requested = name ?? (process.env.LOWRES_BACKEND || undefined);
  if (requested !== undefined && !(BACKEND_NAMES as readonly string[]).includes(requested)) {
    throw new BackendUnavailableError(requested, BACKEND_NAMES, 'unknown backend name');
  }
  return requested as BackendName | undefined;
}

async function activate(
  name: BackendName,
  probe: AvailableProbe,
  context: ProbeContext,
  skipped: SkippedBackend[],
): Promise<BackendReport> {
  const active = await CANDIDATES[name].activate(context, probe);
  await tf.ready();
  if (context.fastKernels) registerGradientOverrides();
  const reason = [context.forced ? 'forced' : undefined, probe.reason, active.detail].filter(Boolean).join('; ');
  return {
    backend: name,
    device: probe.device,
    ...(probe.adapter !== undefined ? { adapter: probe.adapter } : {}),
    reason,
    threads: active.threads,
    simd: active.simd,
    fastKernels: active.fastKernels,
    gradientOverrides: gradientOverridesRegistered(),
    skipped,
  };
}

async function chooseAutomatically(context: ProbeContext): Promise<BackendReport> {
  const probes = new Map<BackendName, ProbeResult>();
  const skipped: SkippedBackend[] = [];
  for (const slot of BACKEND_ORDER) {
    let probe = probes.get(slot.backend);
    if (probe === undefined) {
      probe = await CANDIDATES[slot.backend].probe(context);
      probes.set(slot.backend, probe);
      if (!probe.available) skipped.push({ backend: slot.backend, reason: probe.reason });
    }
    if (!probe.available) continue;
    if (probe.device !== slot.device) {
      if (slot.device === 'gpu') {
        skipped.push({ backend: slot.backend, as: 'gpu', reason: `${probe.reason}; ranked as a CPU engine` });
      }
      continue;
    }
    try {
      return await activate(slot.backend, probe, context, skipped);
    } catch (error) {
      skipped.push({ backend: slot.backend, reason: `failed to start: ${fullMessage(error)}` });
      probes.set(slot.backend, { available: false, reason: 'failed to start' });
    }
  }
  throw new BackendUnavailableError('cpu', BACKEND_NAMES, 'no backend could be initialised');
}

/**
 * Selects and initialises the fastest TF.js backend this machine really has, in {@link BACKEND_ORDER}:
 * tfjs-node-gpu when TensorFlow reports a GPU, WebGPU (Dawn) on a hardware adapter, then the CPU
 * engines native, tfjs-node (or tfjs-node-gpu without a GPU), wasm (SIMD + threads, lowres' fast
 * gradient kernels) and cpu. `name` (or LOWRES_BACKEND) forces one; an unknown or unavailable name
 * throws BackendUnavailableError with the full reason. {@link backendReport} says what was chosen,
 * on which device, and why every option before it was skipped.
 */
export async function initBackend(name?: string, options: InitBackendOptions = {}): Promise<BackendName> {
  const requested = requestedName(name);
  const threads = requestedThreads(options);
  const context: ProbeContext = {
    forced: requested !== undefined,
    importer: options.importer ?? importModule,
    fastKernels: options.fastKernels ?? true,
    ...(threads !== undefined ? { threads } : {}),
  };
  if (requested === undefined) {
    lastReport = await chooseAutomatically(context);
    return lastReport.backend;
  }
  const probe = await CANDIDATES[requested].probe(context);
  if (!probe.available) throw new BackendUnavailableError(requested, BACKEND_NAMES, probe.reason);
  try {
    lastReport = await activate(requested, probe, context, []);
  } catch (error) {
    throw new BackendUnavailableError(requested, BACKEND_NAMES, fullMessage(error));
  }
  return lastReport.backend;
}

/** One backend as {@link probeBackends} found it. */
export type BackendProbe = { backend: BackendName } & ProbeResult;

/**
 * What each backend would do on this machine, in the automatic order, without choosing one (it
 * may load the optional packages). `forced` probes as if that backend were forced (software WebGPU
 * adapters are then accepted).
 */
export async function probeBackends(options: { importer?: ModuleImporter; forced?: BackendName } = {}): Promise<BackendProbe[]> {
  const results: BackendProbe[] = [];
  for (const backend of new Set(BACKEND_ORDER.map((slot) => slot.backend))) {
    const context: ProbeContext = { forced: options.forced === backend, importer: options.importer ?? importModule, fastKernels: true };
    results.push({ backend, ...(await CANDIDATES[backend].probe(context)) });
  }
  return results;
}

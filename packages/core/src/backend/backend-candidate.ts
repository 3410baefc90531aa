import type * as tf from '@tensorflow/tfjs';

/** Names accepted by {@link initBackend} and LOWRES_BACKEND, in no particular order. */
export const BACKEND_NAMES = ['tensorflow', 'webgpu', 'native', 'wasm', 'cpu'] as const;

/** A backend name accepted by {@link initBackend}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Where a backend computes: on a GPU, or on the CPU (software WebGPU adapters count as CPU). */
export type BackendDevice = 'cpu' | 'gpu';

/** Loads a module by name (`import()` by default); tests inject stand-ins. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** The default {@link ModuleImporter}: a dynamic `import()`. */
export const importModule: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);

/** What a candidate's probe and activation may use. */
export interface ProbeContext {
  /** True when the user forced this backend (LOWRES_BACKEND / --backend / a name argument). */
  forced: boolean;
  importer: ModuleImporter;
  /** Requested thread count (wasm), if any. */
  threads?: number;
  /** Whether lowres' fast kernels and gradient overrides should be registered. */
  fastKernels: boolean;
}

/** A probe that found the backend usable. */
export interface AvailableProbe {
  available: true;
  device: BackendDevice;
  /** Why it is usable, in words (e.g. which package loaded, which adapter). */
  reason: string;
  /** The GPU / WebGPU adapter's name, when known. */
  adapter?: string;
}

/** A probe that found the backend unusable here, with the full reason (and fix hint). */
export interface UnavailableProbe {
  available: false;
  reason: string;
}

/** Result of {@link BackendCandidate.probe}. */
export type ProbeResult = AvailableProbe | UnavailableProbe;

/** How the activated backend computes. */
export interface ActiveBackend {
  threads: number;
  simd: boolean;
  /** Whether lowres' fast kernels are registered on it. */
  fastKernels: boolean;
  /** Extra words for the report's reason (e.g. thread count). */
  detail?: string;
}

/** One backend initBackend may choose: a probe that says whether it can run and where, and its activation. */
export interface BackendCandidate {
  readonly name: BackendName;
  /** Checks whether the backend can run here and on which device; does not make it the active backend. */
  probe(context: ProbeContext): Promise<ProbeResult>;
  /** Makes the backend TF.js' active one (called only after an available probe); throws when it cannot. */
  activate(context: ProbeContext, probe: AvailableProbe): Promise<ActiveBackend>;
}

/** Sets `name` as TF.js' backend, or throws saying that tf.setBackend refused it. */
export async function setBackendOrThrow(engine: typeof tf, name: string): Promise<void> {
  if (!(await engine.setBackend(name))) throw new Error(`tf.setBackend('${name}') returned false`);
}

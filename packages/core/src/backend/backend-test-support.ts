import * as tf from '@tensorflow/tfjs';
import type { ModuleImporter } from './backend-candidate';
import type { AdapterInfoLike } from './webgpu-adapter';

/** The error Node's `import()` throws for a package that is not installed. */
export function notInstalled(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/index.js`), { code: 'ERR_MODULE_NOT_FOUND' });
}

/** A stand-in backend (TF.js' cpu backend class) registered under `name`, with extra fields. */
export function registerStandInBackend(name: string, fields: Record<string, unknown> = {}): void {
  const cpu = tf.findBackend('cpu') as tf.KernelBackend;
  const BackendClass = cpu.constructor as new () => tf.KernelBackend;
  tf.registerBackend(name, () => Object.assign(new BackendClass(), fields), 0);
}

/** A stand-in for Dawn's `webgpu` module whose only adapter has `info`. */
export function fakeDawn(info: AdapterInfoLike): unknown {
  return {
    create: () => ({ requestAdapter: async () => ({ info }) }),
    globals: {},
  };
}

/**
 * A {@link ModuleImporter} for tests: each module is a function run at import (it may register
 * backends, return exports or throw); every other specifier is "not installed".
 */
export function fakeImporter(modules: Record<string, () => unknown>): ModuleImporter & { imported: string[] } {
  const imported: string[] = [];
  const importer = async (specifier: string): Promise<unknown> => {
    imported.push(specifier);
    const module = modules[specifier];
    if (!module) throw notInstalled(specifier);
    return module();
  };
  return Object.assign(importer, { imported });
}

/** Removes what the stand-ins registered, and any navigator.gpu, and goes back to cpu. */
export async function removeStandIns(): Promise<void> {
  for (const name of ['tensorflow', 'webgpu', 'native']) {
    if (tf.findBackendFactory(name)) tf.removeBackend(name);
  }
  const navigator = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (navigator?.gpu) Reflect.deleteProperty(navigator, 'gpu');
  await tf.setBackend('cpu');
}

/** @lowres/core for Node: the portable API plus Node's backend selection and file-system model IO. */
export * from './portable';
export {
  initBackend,
  backendReport,
  probeBackends,
  BACKEND_NAMES,
  BACKEND_ORDER,
  type BackendName,
  type BackendProbe,
  type BackendReport,
  type BackendSlot,
  type InitBackendOptions,
  type SkippedBackend,
} from './backend/init-backend';
export { importModule, type BackendDevice, type ModuleImporter } from './backend/backend-candidate';
export { registerGradientOverrides } from './kernels/register-gradient-overrides';
export { fileSystemIO, saveLayersModel, loadLayersModel, registerFileSystemRouter, WEIGHTS_FILE } from './io/file-system-io';
export { writeAtomically } from './io/write-atomically';
export { modelIO } from './io/model-io';

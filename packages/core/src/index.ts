/** @lowres/core for Node: the portable API plus Node's backend selection and file-system model IO. */
export * from './portable';
export {
  initBackend,
  backendReport,
  BACKEND_NAMES,
  type BackendName,
  type BackendReport,
  type InitBackendOptions,
} from './backend/init-backend';
export { fileSystemIO, saveLayersModel, loadLayersModel, registerFileSystemRouter, WEIGHTS_FILE } from './io/file-system-io';
export { modelIO } from './io/model-io';

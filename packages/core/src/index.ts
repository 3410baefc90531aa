export * from './errors';
export type { ImageShape, PixelLoss, SrFrontEnd, ClassifierBackEnd, Plugin } from './types';
export { createRng, type Rng, type RngState } from './rng';
export { initBackend, backendReport, BACKEND_NAMES, type BackendName, type BackendReport } from './backend/init-backend';
export { fileSystemIO, saveLayersModel, loadLayersModel, registerFileSystemRouter, MODEL_JSON_FILE, WEIGHTS_FILE } from './io/file-system-io';

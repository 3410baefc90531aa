// Everything @lowres/core offers in every runtime (the browser backend selection too, for pages and tests); index.ts (Node) and browser.ts add what differs.
export * from './errors';
export { CheckpointCorruptError, TrainingDivergedError, TrainingInterruptedError } from './training-errors';
export type { ImageShape, PixelLoss, SrFrontEnd, ClassifierBackEnd, Plugin, ReportFigure, FigureInput, FigureHook } from './types';
export { createRng, type Rng, type RngState } from './rng';
export {
  registerFastKernels,
  fastKernelCoverage,
  type FastKernelBackend,
  type KernelCoverage,
  type KernelProvision,
} from './kernels/register-fast-kernels';
export { modelJsonUrl, MODEL_JSON_FILE } from './io/model-json-url';
export { FileSystemError, asFileSystemError } from './io/file-system-error';
export { imresize } from './image/imresize';
export { imresizePixels, type PixelArray, type PixelLayout, type ResizedPixels } from './image/imresize-pixels';
export { resizeMatrix } from './image/resize-weights';
export type { ResizeOptions } from './image/resize-plan';
export { rgbToYCbCr, rgbToY, type ColorOptions } from './image/color';
export { closestName, editDistance } from './util/closest-name';
export { requirePositiveInteger } from './util/require-positive-integer';
export { disposeOptimizer } from './util/dispose-optimizer';
export { reestimateBatchNorm } from './util/reestimate-batch-norm';
export {
  initBrowserBackend,
  browserBackendReport,
  firstWorkingBackend,
  BROWSER_BACKEND_NAMES,
  type BrowserBackendName,
  type BrowserBackendOptions,
  type BrowserBackendReport,
  type BackendAttempt,
  type WasmPaths,
} from './backend/init-browser-backend';

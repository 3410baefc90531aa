/** @lowres/trainer for Node: the browser-safe composition plus training, checkpoints, recipes and reports (they read and write run directories). */
export * from './browser';
export { degradeDataset, lowResolutionSize } from './data/low-resolution';
export { makePixelPairs, pairBatch, pairDatasets, type PixelPairs } from './data/derived-datasets';
export type { ImageDataset } from '@lowres/datasets';
export { train, type TrainOptions, type PreparedTrainOptions, type TrainResult } from './training/train';
export { prepareTraining, type PreparedTraining } from './training/prepare-training';
export { evaluate, crossEntropy, type Evaluation } from './training/evaluate';
export type {
  TrainCallbacks,
  EpochRecord,
  StepInfo,
  SchedulePosition,
  WarmupConfig,
  TrainableParameter,
  ModelPart,
  StepResult,
  EarlyStoppingConfig,
  EarlyStoppingState,
  FinalModelState,
  LoadedCheckpoint,
  StoredArray,
  CheckpointManifest,
  CheckpointState,
} from '@lowres/engine';
export {
  createOptimizer,
  setLearningRate,
  learningRateAt,
  collectParameters,
  patternToRegExp,
  trainStep,
  EarlyStopping,
  withSeededRandom,
  deriveSeed,
  CheckpointManager,
  BEST_CHECKPOINT,
  FINAL_CHECKPOINT,
  readCheckpoint,
  writeCheckpoint,
  restoreModel,
  captureModel,
} from '@lowres/engine';
export { openRunDirectory, makeDirectory, RUN_FILES, type RunDirectory } from './run-directory/run-directory';
export { lockRunDirectory, LOCK_FILE } from './run-directory/run-lock';
export { changedFields } from './run-directory/changed-fields';
export { historyToCsv, historyToJsonLines, writeMetricsLogs } from './report/metrics-log';
export { progressCallbacks, combineCallbacks, formatDuration, type ProgressOptions, type ProgressOutput } from './report/progress';
export { writeReport, samplesPng, type SampleRow, type TestSummary } from './report/write-report';
/** The line plot moved to @lowres/metrics; re-exported here for compatibility. */
export { svgLinePlot, type PlotSeries, type LinePlotOptions } from '@lowres/metrics';
export { srSamples } from './report/sr-samples';
export {
  scoreSuperResolution,
  scorePipelineSr,
  srQualityMarkdown,
  SR_QUALITY_FILE,
  type SrQuality,
  type UpscaledQuality,
  type FrequencyEvidence,
  type ScoreSuperResolutionOptions,
} from './report/sr-quality';
export { checkDataset, type CheckedDataset } from './data/image-dataset';
export { loadRun, type CheckpointChoice, type LoadRunOptions, type LoadedRun } from './training/load-run';
export { exportPipeline, pipelineManifest, type ExportPipelineOptions, type ExportedFiles } from './export/export-pipeline';

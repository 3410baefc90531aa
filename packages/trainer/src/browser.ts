/** @lowres/trainer for browsers (and every other runtime): no Node built-in is reached from here. */
export {
  DuplicatePluginError,
  ConfigInvalidError,
  CheckpointCorruptError,
  TrainingDivergedError,
  TrainingInterruptedError,
  RecipeUnavailableError,
} from './errors';
export {
  createRegistry,
  mergeRegistries,
  type Registry,
  type PluginEntry,
  type PluginSource,
  type PluginOptions,
} from './registry/registry';
export { definePlugin, type PluginDefinition } from './registry/define-plugin';
export { identitySr } from './registry/identity-sr';
export { bicubicSr, type BicubicSrOptions } from './registry/bicubic-sr';
export { BicubicResize, registerLayers, type BicubicResizeConfig } from './registry/bicubic-layer';
export { composePipeline, type ComposePipelineOptions, type Pipeline } from './pipeline/compose-pipeline';
export {
  parseTrainConfig,
  trainConfigSchema,
  pluginName,
  type TrainConfig,
  type TrainConfigInput,
  type OptimizerConfig,
  type ScheduleConfig,
  type LayerRule,
  type PluginReference,
  type LowResolutionConfig,
  lowResolutionSchema,
} from './config/train-config';
export {
  pipelineManifestSchema,
  parsePipelineManifest,
  PIPELINE_MANIFEST_FILE,
  type PipelineManifest,
} from './export/pipeline-manifest';
export { loadExportedPipeline, type ExportedPipeline, type LoadExportedPipelineOptions } from './export/load-exported-pipeline';
export {
  pipelineSamples,
  parsePipelineSamples,
  pipelineSamplesSchema,
  PIPELINE_SAMPLES_FILE,
  type PipelineSamples,
} from './export/pipeline-samples';

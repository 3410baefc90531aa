/** @lowres/engine for browsers (and every other runtime): the training loop without checkpoint files. */
export {
  ConfigInvalidError,
  CheckpointCorruptError,
  TrainingDivergedError,
  TrainingInterruptedError,
  OutOfMemoryError,
} from './errors';
export {
  optimizerSchema,
  scheduleSchema,
  layerRuleSchema,
  type OptimizerConfig,
  type ScheduleConfig,
  type LayerRule,
} from './config-schemas';
export type { TrainCallbacks, EpochRecord, StepInfo } from './callbacks';
export { createOptimizer, setLearningRate, getExtraOptimizerState, setExtraOptimizerState } from './optimizers';
export { learningRateAt, type SchedulePosition, type WarmupConfig } from './schedule';
export { collectParameters, patternToRegExp, LAST_LAYER, type TrainableParameter, type ModelPart } from './parameters';
export { trainStep, type StepResult, type WeightedLoss } from './train-step';
export { leanVariableGrads } from './lean-gradients';
export { EarlyStopping, type EarlyStoppingConfig, type EarlyStoppingState } from './early-stopping';
export { withSeededRandom, deriveSeed } from './seeded-random';
export { captureModel, captureTrainingState, restoreModel, restoreTrainingState } from './model-state';
export type { StoredArray, CheckpointManifest } from './checkpoint-files';
export {
  runPhase,
  type BatchObjective,
  type StepPosition,
  type CheckpointState,
  type PhaseSpec,
  type PhaseResult,
} from './run-phase';
export { measureThroughput, type ThroughputOptions, type ThroughputResult } from './measure-throughput';

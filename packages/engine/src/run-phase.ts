import { type RngState, createRng, disposeOptimizer } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import type { CheckpointManager } from './checkpoint-manager';
import { captureModel, captureTrainingState, restoreModel, restoreTrainingState } from './model-state';
import type { StoredArray } from './checkpoint-files';
import type { OptimizerConfig, ScheduleConfig } from './config-schemas';
import { ConfigInvalidError, OutOfMemoryError, TrainingDivergedError, TrainingInterruptedError } from './errors';
import type { EpochRecord, TrainCallbacks } from './callbacks';
import { EarlyStopping, type EarlyStoppingConfig, type EarlyStoppingState } from './early-stopping';
import { createOptimizer, setLearningRate } from './optimizers';
import type { TrainableParameter } from './parameters';
import { type WarmupConfig, learningRateAt } from './schedule';
import { deriveSeed, withSeededRandom } from './seeded-random';
import { type WeightedLoss, trainStep } from './train-step';

/** What one batch step computes: the loss, and optionally the number of correct predictions. */
export interface BatchObjective {
  /**
   * Builds the loss for the examples at `indices` (called inside tf.variableGrads, once per
   * micro-batch); `step` says which step of the phase it belongs to (e.g. to seed augmentation).
   */
  loss(indices: Int32Array, keepCorrect: (correct: tf.Scalar) => void, step: StepPosition): tf.Scalar;
}

/** Where a step sits in its phase. */
export interface StepPosition {
  /** Steps done in the phase before this one. */
  readonly globalStep: number;
  /** Epoch of the step (0-based). */
  readonly epoch: number;
}

/** State saved in every checkpoint, enough to continue the run exactly. */
export interface CheckpointState {
  phase: string;
  phaseIndex: number;
  /** Epoch in progress (0-based). */
  epoch: number;
  /** Steps already done in that epoch. */
  stepInEpoch: number;
  /** Steps already done in this phase. */
  globalStep: number;
  /** Shuffling RNG state at the start of `epoch`. */
  epochRngState: RngState;
  /** Running sums of the unfinished epoch. */
  epochSums: { loss: number; correct: number; seen: number };
  earlyStopping: EarlyStoppingState | null;
  history: EpochRecord[];
  config: unknown;
  /** Early stopping ended the phase (a resumed run with more epochs does not continue it). */
  stoppedEarly: boolean;
}

/**
 * Everything a training phase needs. Optional fields default to an in-memory phase: index 0, a
 * constant learning rate, no checkpoints, no validation, no callbacks.
 */
export interface PhaseSpec {
  name: string;
  /** Position of the phase in its run (seeds its shuffling; names its checkpoints). Default 0. */
  index?: number;
  seed: number;
  /** The model whose weights are trained and checkpointed in this phase. */
  model: tf.LayersModel;
  parameters: TrainableParameter[];
  examples: number;
  epochs: number;
  batchSize: number;
  /** Images per forward/backward pass; a step sums gradients over micro-batches (default: the whole batch). */
  microBatchSize?: number;
  optimizer: OptimizerConfig;
  schedule?: ScheduleConfig;
  warmup?: WarmupConfig;
  objective: BatchObjective;
  /** Whether the objective reports accuracy. */
  reportsAccuracy?: boolean;
  /** Validation metrics after each epoch (null: no validation data). */
  validate?: (() => Promise<{ loss: number; accuracy?: number }> | { loss: number; accuracy?: number }) | null;
  /** End the phase after this many steps (across epochs), mid-epoch if need be. */
  maxSteps?: number;
  earlyStopping?: EarlyStoppingConfig;
  everySteps?: number;
  checkpoints?: CheckpointManager<CheckpointState> | null;
  /** Saved in every checkpoint (the run's configuration). */
  config?: unknown;
  /** Epoch records of earlier phases; this phase appends its own. */
  history?: EpochRecord[];
  resume?: { state: CheckpointState; optimizerArrays: readonly StoredArray[] };
  callbacks?: TrainCallbacks;
  onEpochRecorded?: (history: readonly EpochRecord[]) => Promise<void>;
  /** Polled before every step: true asks for a checkpoint and a TrainingInterruptedError. */
  stop?: () => boolean;
}

/** Outcome of a phase. */
export interface PhaseResult {
  epochsRun: number;
  stoppedEarly: boolean;
  bestEpoch: number | null;
  /** Every epoch record, earlier phases' included. */
  history: EpochRecord[];
}

/** Runs `step`, turning an allocation failure (wasm's 4 GB heap: a RangeError from a typed array) into OutOfMemoryError. */
async function outOfMemoryAsTyped<T>(globalStep: number, batch: number, microBatch: number | undefined, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const allocation = error instanceof RangeError && /typed array length|Array buffer allocation|out of memory|allocation failed/i.test(error.message);
    if (!allocation) throw error;
    const passes = microBatch ?? batch;
    const smaller = Math.max(1, Math.floor(passes / 2));
    throw new OutOfMemoryError(
      globalStep,
      `${error.message}; ${passes} images per forward/backward pass`,
      `Pass fewer images per pass: --micro-batch ${smaller} (config "microBatchSize": ${smaller}) keeps the batch of ${batch} and sums the gradients of its parts.`,
    );
  }
}

/** Runs (or continues) one training phase: seeded shuffling, schedule, steps, validation, checkpoints. */
export async function runPhase(phase: PhaseSpec): Promise<PhaseResult> {
  const spec: FullPhaseSpec = {
    ...phase,
    index: phase.index ?? 0,
    schedule: phase.schedule ?? { type: 'constant' },
    reportsAccuracy: phase.reportsAccuracy ?? false,
    validate: phase.validate ?? null,
    checkpoints: phase.checkpoints ?? null,
    config: phase.config ?? null,
    history: phase.history ?? [],
    callbacks: phase.callbacks ?? {},
    onEpochRecorded: phase.onEpochRecorded ?? (async () => {}),
  };
  const optimizer = createOptimizer(spec.optimizer);
  try {
    return await runWithOptimizer(spec, optimizer);
  } finally {
    disposeOptimizer(optimizer);
  }
}

type FullPhaseSpec = Required<Omit<PhaseSpec, 'microBatchSize' | 'warmup' | 'earlyStopping' | 'everySteps' | 'resume' | 'stop' | 'maxSteps'>> &
  Pick<PhaseSpec, 'microBatchSize' | 'warmup' | 'earlyStopping' | 'everySteps' | 'resume' | 'stop' | 'maxSteps'>;

async function runWithOptimizer(spec: FullPhaseSpec, optimizer: tf.Optimizer): Promise<PhaseResult> {
  const stepsPerEpoch = Math.ceil(spec.examples / spec.batchSize);
  const dataRng = createRng(deriveSeed(spec.seed, 2, spec.index));
  const stopper = spec.earlyStopping ? new EarlyStopping(spec.earlyStopping) : null;
  let epoch = 0;
  let stepInEpoch = 0;
  let globalStep = 0;
  let sums = { loss: 0, correct: 0, seen: 0 };
  let lastCheckpoint: string | null = null;
  let bestWeights: StoredArray[] | null = null;
  if (spec.resume) {
    const { state, optimizerArrays } = spec.resume;
    ({ epoch, stepInEpoch, globalStep } = state);
    sums = { ...state.epochSums };
    dataRng.setState(state.epochRngState);
    if (stopper && state.earlyStopping) stopper.state = { ...state.earlyStopping };
    await restoreTrainingState(spec.model, optimizer, optimizerArrays, 'resume');
    lastCheckpoint = spec.checkpoints ? 'resumed' : null;
    if (stopper && spec.earlyStopping?.restoreBest && spec.checkpoints) {
      bestWeights = (await spec.checkpoints.loadBest())?.arrays.filter((array) => array.group === 'model') ?? null;
    }
  }
  await spec.callbacks.onPhaseBegin?.({ phase: spec.name, epochs: spec.epochs, stepsPerEpoch, resumedAtStep: globalStep });

  let savedAtStep = spec.resume ? globalStep : -1;
  const save = async (state: CheckpointState, best: boolean): Promise<void> => {
    if (!spec.checkpoints) return;
    // Only the model's weights are ever read back from the best checkpoint: no optimizer slots there.
    const dir = best
      ? await spec.checkpoints.saveBest(await captureModel(spec.model), state)
      : await spec.checkpoints.save(spec.index, state.globalStep, await captureTrainingState(spec.model, optimizer), state);
    if (!best) {
      lastCheckpoint = dir;
      savedAtStep = state.globalStep;
    }
    await spec.callbacks.onCheckpoint?.({ phase: spec.name, globalStep: state.globalStep, dir, best });
  };
  const stateAt = (epochRngState: RngState, stopped: boolean): CheckpointState => ({
    phase: spec.name,
    phaseIndex: spec.index,
    epoch,
    stepInEpoch,
    globalStep,
    epochRngState,
    epochSums: { ...sums },
    earlyStopping: stopper ? { ...stopper.state } : null,
    history: spec.history,
    config: spec.config,
    stoppedEarly: stopped,
  });

  const alreadyFinished = spec.resume?.state.stoppedEarly ?? false;
  let stoppedEarly = alreadyFinished;
  const maxSteps = spec.maxSteps ?? Number.POSITIVE_INFINITY;
  while (!alreadyFinished && epoch < spec.epochs && !stoppedEarly && globalStep < maxSteps) {
    const epochRngState = dataRng.getState();
    const order = dataRng.permutation(spec.examples);
    let learningRate = 0;
    for (; stepInEpoch < stepsPerEpoch && globalStep < maxSteps; ) {
      // Let signal handlers (and other I/O callbacks) run: awaiting resolved promises never yields to them.
      if (spec.stop) await new Promise((resolve) => setImmediate(resolve));
      if (spec.stop?.()) {
        // A step boundary: the state here resumes exactly (the epoch's RNG state and running sums).
        if (savedAtStep !== globalStep) await save(stateAt(epochRngState, false), false);
        const resumable = spec.checkpoints ? (lastCheckpoint === 'resumed' ? spec.checkpoints.root : lastCheckpoint) : null;
        throw new TrainingInterruptedError(globalStep, resumable);
      }
      const indices = order.subarray(stepInEpoch * spec.batchSize, Math.min(spec.examples, (stepInEpoch + 1) * spec.batchSize));
      learningRate = learningRateAt(
        spec.optimizer.learningRate,
        spec.schedule,
        { step: globalStep, epoch, stepsPerEpoch, totalEpochs: spec.epochs },
        spec.warmup,
      );
      setLearningRate(optimizer, learningRate);
      const correctTensors: tf.Scalar[] = [];
      const microBatch = spec.microBatchSize ?? indices.length;
      const parts: WeightedLoss[] = [];
      for (let start = 0; start < indices.length; start += microBatch) {
        const chunk = indices.subarray(start, start + microBatch);
        parts.push({
          weight: chunk.length / indices.length,
          loss: () => spec.objective.loss(chunk, (correct) => correctTensors.push(correct), { globalStep, epoch }),
        });
      }
      // trainStep runs every forward/backward pass before its first await, inside the seeded scope.
      const result = await withSeededRandom(deriveSeed(spec.seed, 3, spec.index, globalStep), () =>
        outOfMemoryAsTyped(globalStep, indices.length, spec.microBatchSize, () => trainStep(optimizer, spec.parameters, parts)),
      );
      const correctValues = await Promise.all(correctTensors.map((correct) => correct.data()));
      const correctCount = correctValues.reduce((sum, values) => sum + values[0]!, 0);
      tf.dispose(correctTensors);
      if (!result.finite) throw new TrainingDivergedError(globalStep, result.problem ?? 'the loss', lastCheckpoint);
      sums.loss += result.loss * indices.length;
      sums.correct += correctCount;
      sums.seen += indices.length;
      stepInEpoch += 1;
      globalStep += 1;
      await spec.callbacks.onStepEnd?.({
        phase: spec.name,
        epoch,
        stepInEpoch,
        stepsPerEpoch,
        globalStep,
        loss: result.loss,
        epochLoss: sums.loss / sums.seen,
        examples: indices.length,
        learningRate,
      });
      if (spec.everySteps && globalStep % spec.everySteps === 0 && stepInEpoch < stepsPerEpoch) {
        await save(stateAt(epochRngState, false), false);
      }
    }
    if (stepInEpoch < stepsPerEpoch) break; // maxSteps ended the phase mid-epoch
    const record: EpochRecord = { phase: spec.name, epoch, globalStep, learningRate, loss: sums.loss / sums.seen };
    if (spec.reportsAccuracy) record.accuracy = sums.correct / sums.seen;
    const validation = await spec.validate?.();
    if (validation) {
      record.val_loss = validation.loss;
      if (validation.accuracy !== undefined) record.val_accuracy = validation.accuracy;
    }
    spec.history.push(record);
    epoch += 1;
    stepInEpoch = 0;
    sums = { loss: 0, correct: 0, seen: 0 };
    if (stopper) {
      const value = record[stopper.config.monitor];
      if (value === undefined) {
        throw new ConfigInvalidError('earlyStopping.monitor', `'${stopper.config.monitor}' is not reported in phase '${spec.name}'`);
      }
      const { improved, stop } = stopper.update(record.epoch, value);
      if (improved && stopper.config.restoreBest) {
        bestWeights = await captureModel(spec.model);
        await save(stateAt(dataRng.getState(), false), true);
      }
      stoppedEarly = stop;
    }
    await spec.onEpochRecorded(spec.history);
    await spec.callbacks.onEpochEnd?.(record);
    await save(stateAt(dataRng.getState(), stoppedEarly), false);
  }
  if (stopper?.config.restoreBest && bestWeights) restoreModel(spec.model, bestWeights, 'best weights');
  await spec.callbacks.onPhaseEnd?.({ phase: spec.name, epochsRun: epoch, stoppedEarly });
  return { epochsRun: epoch, stoppedEarly, bestEpoch: stopper?.state.bestEpoch ?? null, history: spec.history };
}

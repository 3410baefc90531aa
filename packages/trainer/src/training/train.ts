import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ImageShape, InvalidArgumentError, type SrFrontEnd, asFileSystemError, reestimateBatchNorm } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { CheckpointManager, captureModel, restoreModel, type EpochRecord, type TrainCallbacks, collectParameters, type CheckpointState, type PhaseSpec, runPhase, deriveSeed, withSeededRandom } from '@lowres/engine';
import type { TrainConfig } from '../config/train-config';
import type { ImageDataset } from '@lowres/datasets';
import { type CheckedDataset, checkDataset, gatherLabels, gatherPixels } from '../data/image-dataset';
import { makePixelPairs, mapDataset, pairBatch, pairDatasets } from '../data/derived-datasets';
import { degradeDataset } from '../data/low-resolution';
import { splitValidation } from '../data/validation-split';
import { ConfigInvalidError } from '../errors';
import { type Pipeline, composePipeline } from '../pipeline/compose-pipeline';
import type { Registry } from '../registry/registry';
import { type PreparedTraining, isPreparedTraining, prepareTraining } from './prepare-training';
import { type RunDirectory, openRunDirectory } from '../run-directory/run-directory';
import { changedFields } from '../run-directory/changed-fields';
import { writeMetricsLogs } from '../report/metrics-log';
import { writePluginFigures } from '../report/plugin-figures';
import { srSamples } from '../report/sr-samples';
import { SR_QUALITY_FILE, type SrQuality, scorePipelineSr } from '../report/sr-quality';
import { writeReport } from '../report/write-report';
import { combineCallbacks, progressCallbacks } from '../report/progress';
import { type Evaluation, crossEntropy, evaluate } from './evaluate';

/** Data and environment for {@link train} (the config itself stays JSON). */
export interface TrainOptions {
  /** Training images (a validation split is taken from these) and optional test images. */
  data: { train: ImageDataset; test?: ImageDataset };
  /** Plugins to resolve `sr` / `classifier` names from (the CLI's `defaultRegistry` holds every first-party one). */
  registry: Registry;
  /** Continue from the newest valid checkpoint in `outDir` when there is one. */
  resume?: boolean;
  callbacks?: TrainCallbacks;
  /** Progress output (default: process.stdout; pass null for silence). */
  progress?: { isTTY?: boolean; write(text: string): void } | null;
  /** Receives warnings (default: console.warn). */
  warn?: (message: string) => void;
  /** A fresh run (no `resume`) may replace the run already in `outDir`; without it that is refused. */
  overwrite?: boolean;
  /**
   * Take the run directory's lock even when another host's process holds it. Only for callers that
   * hold an exclusive lease on the run elsewhere (a sweep worker's BullMQ job lock), so a run whose
   * worker died on another machine can be resumed.
   */
  takeOverLock?: boolean;
  /**
   * Graceful stop: once aborted, training writes a checkpoint at the next step boundary (when it has
   * an `outDir`) and rejects with TrainingInterruptedError naming it.
   */
  signal?: AbortSignal;
}

/** Options of {@link train} for a run from `prepareTraining`: its plugins are already created, so no registry. */
export type PreparedTrainOptions = Omit<TrainOptions, 'registry'>;

/** Outcome of {@link train}. */
export interface TrainResult {
  readonly config: TrainConfig;
  readonly pipeline: Pipeline;
  readonly history: readonly EpochRecord[];
  /** Test-set evaluation, when test data was given and `evaluateTest` is on. */
  readonly test: Evaluation | null;
  /** The SR front end's fidelity to the test originals, when the run degraded them and its SR up-scales back to their size. */
  readonly srQuality: SrQuality | null;
  readonly outDir: string | null;
  /** Whether the run continued from a checkpoint. */
  readonly resumedFrom: string | null;
}

function checkConsistency(config: TrainConfig, hasOutDir: boolean, resume: boolean): void {
  if (config.earlyStopping?.monitor.startsWith('val_') && config.validationSplit === 0) {
    throw new ConfigInvalidError('earlyStopping.monitor', `'${config.earlyStopping.monitor}' needs validationSplit > 0`);
  }
  if (resume && !hasOutDir) throw new ConfigInvalidError('outDir', 'resume needs the run directory (outDir)');
}

function checkPairScale(sr: SrFrontEnd, low: ImageShape, high: ImageShape): void {
  if (low.height * sr.scale !== high.height || low.width * sr.scale !== high.width) {
    throw new ConfigInvalidError(
      'lowResolution',
      `SR pre-training maps ${low.height}×${low.width} inputs to ${low.height * sr.scale}×${low.width * sr.scale} with '${sr.name}' (×${sr.scale}), but the HR targets are ${high.height}×${high.width}; use an SR scale equal to the down-scaling factor (or 'restore' with a scale-1 front end)`,
    );
  }
}

/**
 * Trains a pipeline in one of three modes. classifier: only the back end learns (SR frozen, e.g.
 * 'none' or 'bicubic'); end-to-end: SR + classifier on cross-entropy, after optional SR pre-training
 * ('p-' init); staged: SR pre-trained on LR/HR pairs, data up-scaled by the frozen SR, then the
 * classifier trained. Config errors are thrown before any training starts. Takes a raw config (parsed
 * here, its plugins created from `options.registry`) or the result of `prepareTraining` (neither done again).
 */
export async function train(run: PreparedTraining, options: PreparedTrainOptions): Promise<TrainResult>;
export async function train(rawConfig: unknown, options: TrainOptions): Promise<TrainResult>;
export async function train(config: unknown, options: PreparedTrainOptions & { registry?: Registry }): Promise<TrainResult> {
  const built: tf.LayersModel[] = [];
  try {
    return await trainBuilding(config, options, built);
  } catch (error) {
    // A failed or interrupted run leaves no weights behind (a sweep worker trains many runs in one process).
    for (const model of built) model.dispose();
    throw error;
  }
}

/** {@link train} itself; every model it builds goes into `built` until training returns it or disposes it. */
async function trainBuilding(config: unknown, options: PreparedTrainOptions & { registry?: Registry }, built: tf.LayersModel[]): Promise<TrainResult> {
  let run: PreparedTraining;
  if (isPreparedTraining(config)) run = config;
  else if (options.registry) run = prepareTraining(config, options.registry);
  else throw new InvalidArgumentError('registry', 'a raw config needs a registry to create its plugins (or pass the result of prepareTraining)');
  // Opened (created, locked) only once the config and data are known to be valid.
  let directory: RunDirectory | null = null;
  const openDirectory = async (outDir: string) => {
    directory = await openRunDirectory(outDir, {
      resume: options.resume ?? false,
      overwrite: options.overwrite ?? false,
      takeOverLock: options.takeOverLock ?? false,
    });
    return directory;
  };
  try {
    return await trainInDirectory(run, options, openDirectory, built);
  } catch (error) {
    throw asFileSystemError(error) ?? error;
  } finally {
    await (directory as RunDirectory | null)?.release();
  }
}

/** The training itself, once the config is parsed; the run directory is opened through `openDirectory` after validation. */
async function trainInDirectory(
  { config, sr, classifier }: PreparedTraining,
  options: PreparedTrainOptions,
  openDirectory: (outDir: string) => Promise<RunDirectory>,
  built: tf.LayersModel[],
): Promise<TrainResult> {
  const warn = options.warn ?? ((message: string) => console.warn(`warning: ${message}`));
  const outDir = config.outDir ?? null;
  // Front ends with pre-trained weights (the contract's load hook) read them before build().
  await sr.load?.();
  const original = checkDataset(options.data.train, 'data.train');
  const originalTest = options.data.test ? checkDataset(options.data.test, 'data.test') : null;
  if (originalTest && (originalTest.height !== original.height || originalTest.width !== original.width || originalTest.channels !== original.channels)) {
    throw new ConfigInvalidError(
      'data.test',
      `test images are ${originalTest.height}×${originalTest.width}×${originalTest.channels}, training images ${original.height}×${original.width}×${original.channels}`,
    );
  }
  // Low-resolution protocol: the pipeline sees degraded images; the originals stay as HR targets.
  const protocol = config.lowResolution;
  const full = protocol ? degradeDataset(original, protocol) : original;
  const test = originalTest && protocol ? degradeDataset(originalTest, protocol) : originalTest;
  checkConsistency(config, outDir !== null, options.resume ?? false);
  const classes = Math.max(full.classes, test?.classes ?? 0);
  const validationSeed = deriveSeed(config.seed, 4);
  const { train: trainSet, validation } = splitValidation(full, config.validationSplit, validationSeed);
  const pipeline = withSeededRandom(deriveSeed(config.seed, 1), () =>
    composePipeline({ sr, classifier, input: full.shape, classes }),
  );
  built.push(pipeline.model);
  // Checked on the pipeline's own SR model (no model is built only to count its parameters).
  if (config.mode !== 'classifier' && pipeline.srModel.countParams() === 0) {
    throw new ConfigInvalidError('sr', `mode '${config.mode}' trains the SR front end, but '${sr.name}' has no parameters`);
  }

  const manager = outDir
    ? new CheckpointManager<CheckpointState>(join(outDir, 'checkpoints'), config.checkpoint.keepLast, warn)
    : null;
  let resumeFrom: Awaited<ReturnType<CheckpointManager<CheckpointState>['loadLatest']>> = null;
  if (outDir && manager) {
    await (await openDirectory(outDir)).clear();
    await manager.removeStaleTemporaries();
    if (options.resume) {
      resumeFrom = await manager.loadLatest();
      if (!resumeFrom) warn(`no usable checkpoint in ${manager.root}; starting from scratch`);
      else {
        const changed = changedFields(resumeFrom.manifest.state.config, config).filter((field) => field !== 'epochs');
        if (changed.length > 0) {
          warn(`resuming ${resumeFrom.dir} with a config that differs from the one it was written with in ${changed.map((field) => `'${field}'`).join(', ')}`);
        }
      }
    }
    // Training is about to change the weights: the previous final model no longer describes the run.
    await manager.removeFinal();
    await writeFile(join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    // Written now, not at the end, so that `lowres eval` can score an unfinished run's checkpoints.
    await writeFile(join(outDir, 'pipeline.json'), `${JSON.stringify({ input: full.shape, classes }, null, 2)}\n`);
  }
  const history: EpochRecord[] = resumeFrom ? [...resumeFrom.manifest.state.history] : [];
  const progress = options.progress === undefined ? process.stdout : options.progress;
  const callbacks = combineCallbacks(progress ? progressCallbacks(progress) : undefined, options.callbacks);
  if (resumeFrom) progress?.write(`resumed from ${resumeFrom.dir} at step ${resumeFrom.manifest.state.globalStep}\n`);
  const onEpochRecorded = async (records: readonly EpochRecord[]) => {
    if (outDir) await writeMetricsLogs(outDir, records);
  };

  const common = {
    seed: config.seed,
    schedule: config.schedule,
    warmup: config.warmup,
    everySteps: config.checkpoint.everySteps,
    checkpoints: manager,
    config,
    history,
    callbacks,
    onEpochRecorded,
    ...(options.signal ? { stop: () => options.signal?.aborted ?? false } : {}),
  };
  const resumePhase = resumeFrom?.manifest.state.phaseIndex ?? -1;
  const resumeFor = (index: number): PhaseSpec['resume'] =>
    resumeFrom && resumePhase === index ? { state: resumeFrom.manifest.state, optimizerArrays: resumeFrom.arrays } : undefined;

  let phaseIndex = 0;
  const trainsSrFirst = config.pretrain !== undefined;
  if (trainsSrFirst && config.pretrain) {
    const pretrain = config.pretrain;
    let pairs: ReturnType<typeof makePixelPairs>;
    let validationPairs: ReturnType<typeof makePixelPairs> | null;
    if (protocol) {
      // Same seed and count as the split above, so image i of each HR subset is the original of LR image i.
      const targets = splitValidation(original, config.validationSplit, validationSeed);
      checkPairScale(sr, full.shape, original.shape);
      pairs = pairDatasets(trainSet, targets.train);
      validationPairs = validation && targets.validation ? pairDatasets(validation, targets.validation) : null;
    } else {
      pairs = makePixelPairs(trainSet, sr.scale, pretrain.degradeScale);
      validationPairs = validation ? makePixelPairs(validation, sr.scale, pretrain.degradeScale) : null;
    }
    const srModel = withSeededRandom(deriveSeed(config.seed, 5), () => sr.build(pairs.lowShape));
    built.push(srModel);
    srModel.setWeights(pipeline.srModel.getWeights());
    const pixelLoss = sr.pixelLoss ?? ((yTrue: tf.Tensor4D, yPred: tf.Tensor4D) => tf.losses.meanSquaredError(yTrue, yPred) as tf.Scalar);
    const low = pairs.lowShape;
    const high = pairs.highShape;
    const pixelLossOn = (lr: tf.Tensor4D, hr: tf.Tensor4D, training: boolean) =>
      pixelLoss(hr, srModel.apply(lr, { training }) as tf.Tensor4D);
    const index = phaseIndex;
    if (resumePhase <= index) {
      await runPhase({
        ...common,
        name: config.mode === 'staged' ? 'sr' : 'sr-pretrain',
        index,
        model: srModel,
        parameters: collectParameters([{ prefix: 'sr', model: srModel }], config.layers, config.weightDecay, false),
        examples: pairs.count,
        epochs: pretrain.epochs,
        batchSize: pretrain.batchSize ?? config.batchSize,
        optimizer: pretrain.optimizer ?? config.optimizer,
        objective: {
          loss: (indices) => pixelLossOn(pairBatch(pairs.lowResolution, low, indices), pairBatch(pairs.highResolution, high, indices), true),
        },
        reportsAccuracy: false,
        validate: validationPairs
          ? async () => {
              // In batches: a whole validation set of large images would not fit through the SR at once.
              const batchSize = pretrain.batchSize ?? config.batchSize;
              let sum = 0;
              for (let start = 0; start < validationPairs.count; start += batchSize) {
                const indices = Array.from({ length: Math.min(batchSize, validationPairs.count - start) }, (_, i) => start + i);
                const loss = tf.tidy(() =>
                  pixelLossOn(pairBatch(validationPairs.lowResolution, low, indices), pairBatch(validationPairs.highResolution, high, indices), false),
                );
                sum += (await loss.data())[0]! * indices.length;
                loss.dispose();
              }
              return { loss: sum / validationPairs.count };
            }
          : null,
        earlyStopping: undefined,
        resume: resumeFor(index),
      });
      pipeline.srModel.setWeights(srModel.getWeights());
    }
    srModel.dispose();
    built.pop();
    phaseIndex += 1;
  }

  const index = phaseIndex;
  const staged = config.mode === 'staged';
  if (resumeFrom && resumePhase === index) {
    // Staged mode up-scales with the SR weights stored in the checkpoint, so restore them first.
    restoreModel(pipeline.model, resumeFrom.arrays, resumeFrom.dir);
  }
  const classifierTrain: CheckedDataset = staged ? mapDataset(trainSet, pipeline.srModel) : trainSet;
  const classifierValidation = validation && staged ? mapDataset(validation, pipeline.srModel) : validation;
  const trainedModel = staged ? pipeline.classifierModel : pipeline.model;
  const parts =
    config.mode === 'end-to-end'
      ? [
          { prefix: 'sr', model: pipeline.srModel, frozen: config.freeze.sr },
          {
            prefix: 'classifier',
            model: pipeline.classifierModel,
            frozen: config.freeze.classifier === 'all',
            trainLastLayerOnly: config.freeze.classifier === 'all-but-last',
          },
        ]
      : [
          {
            prefix: 'classifier',
            model: pipeline.classifierModel,
            frozen: config.freeze.classifier === 'all',
            trainLastLayerOnly: config.freeze.classifier === 'all-but-last',
          },
        ];
  const parameters = collectParameters(parts, config.layers, config.weightDecay, !trainsSrFirst);
  if (parameters.length === 0) throw new ConfigInvalidError('freeze', 'every weight is frozen; nothing would be trained');
  const shape = classifierTrain.shape;
  const recalibrate = () => recalibrateBatchNorm(pipeline, classifierTrain, config.batchNormRecalibration, config.batchSize, staged);
  await runPhase({
    ...common,
    name: config.mode,
    index,
    // The whole pipeline is checkpointed, so staged runs keep their SR weights too.
    model: pipeline.model,
    parameters,
    examples: classifierTrain.count,
    epochs: config.epochs,
    batchSize: config.batchSize,
    ...(config.microBatchSize ? { microBatchSize: config.microBatchSize } : {}),
    optimizer: config.optimizer,
    objective: {
      loss(indices, keepCorrect) {
        const x = tf.tensor4d(gatherPixels(classifierTrain, indices), [indices.length, shape.height, shape.width, shape.channels]);
        const labels = tf.tensor1d(gatherLabels(classifierTrain, indices), 'int32');
        const probabilities = trainedModel.apply(x, { training: true }) as tf.Tensor2D;
        keepCorrect(tf.keep(tf.sum(tf.equal(probabilities.argMax(-1), labels).toFloat())) as tf.Scalar);
        return crossEntropy(tf.oneHot(labels, classes).toFloat() as tf.Tensor2D, probabilities);
      },
    },
    reportsAccuracy: true,
    validate: classifierValidation
      ? () =>
          // Measured as the test is: with batch-norm statistics re-estimated (then put back, so training is unchanged).
          withRecalibratedBatchNorm(pipeline.model, config.batchNormRecalibration > 0 ? recalibrate : null, async () => {
            const result = await evaluate(trainedModel, classifierValidation, { batchSize: config.batchSize, classes });
            return { loss: result.loss, accuracy: result.accuracy };
          })
      : null,
    earlyStopping: config.earlyStopping,
    resume: resumeFor(index),
  });

  if (config.batchNormRecalibration > 0) recalibrate();
  // The run directory holds exactly the model whose figures it reports.
  const finalModel = manager ? await manager.saveFinal(await captureModel(pipeline.model), { config, history, batchNormRecalibration: config.batchNormRecalibration }) : null;

  const classNames = options.data.test?.classNames ?? options.data.train.classNames;
  let testResult: Evaluation | null = null;
  if (test && config.evaluateTest) {
    testResult = await evaluate(pipeline.model, test, { batchSize: config.batchSize, classes });
    if (outDir) {
      const { predictions, labels, ...summary } = testResult;
      const stored = {
        ...summary,
        examples: labels.length,
        predictions: Array.from(predictions),
        labels: Array.from(labels),
        batchNormRecalibration: config.batchNormRecalibration,
        validationMeasuredLikeTest: true,
        model: finalModel,
        ...(classNames ? { classNames: [...classNames] } : {}),
      };
      await writeFile(join(outDir, 'test-metrics.json'), `${JSON.stringify(stored)}\n`);
    }
  }
  // Where the SR output restores the degraded test images to the originals' size, its fidelity is scored too.
  const srQuality = protocol && test && originalTest && config.evaluateTest ? scorePipelineSr(pipeline, test, originalTest, config.batchSize, trainsSrFirst) : null;
  if (outDir && srQuality) await writeFile(join(outDir, SR_QUALITY_FILE), `${JSON.stringify(srQuality, null, 2)}\n`);
  if (outDir) {
    const shown = test ?? full;
    const targets = protocol ? (originalTest ?? original) : null;
    const samples = sr.scale > 1 || pipeline.srModel.countParams() > 0 ? srSamples(pipeline, shown, 4, targets ?? undefined) : undefined;
    const figures = await writePluginFigures(outDir, { sr, classifier }, pipeline, shown, targets, 4);
    const sampleTitles = targets
      ? 'Each row: input (LR) | bicubic | SR output | original (HR).'
      : 'Each row: input (LR) | bicubic | SR output.';
    await writeReport(outDir, { samples, sampleTitles, figures });
  }
  return { config, pipeline, history, test: testResult, srQuality, outDir, resumedFrom: resumeFrom?.dir ?? null };
}

/** Runs `measure` with batch-norm statistics re-estimated by `recalibrate`, then puts the training-time statistics back. */
async function withRecalibratedBatchNorm<T>(model: tf.LayersModel, recalibrate: (() => void) | null, measure: () => Promise<T>): Promise<T> {
  if (!recalibrate) return measure();
  const statistics = model.weights.filter((weight) => /moving_(mean|variance)/.test(weight.originalName));
  const saved = statistics.map((weight) => tf.keep(weight.read().clone()));
  try {
    recalibrate();
    return await measure();
  } finally {
    statistics.forEach((weight, index) => {
      weight.write(saved[index]!);
    });
    tf.dispose(saved);
  }
}

/**
 * Re-estimates batch-norm statistics of both parts from the first `images` training images (evenly
 * spaced over the set). In end-to-end mode the classifier's statistics come from SR outputs; staged
 * datasets are already up-scaled.
 */
function recalibrateBatchNorm(pipeline: Pipeline, dataset: CheckedDataset, images: number, batchSize: number, staged: boolean): void {
  const count = Math.min(images, dataset.count);
  const stride = dataset.count / count;
  const chosen = Array.from({ length: count }, (_, i) => Math.floor(i * stride));
  const { height, width, channels } = dataset.shape;
  function* batches(transform: (x: tf.Tensor4D) => tf.Tensor4D): Generator<tf.Tensor4D> {
    for (let start = 0; start < count; start += batchSize) {
      const indices = chosen.slice(start, start + batchSize);
      const x = tf.tensor4d(gatherPixels(dataset, indices), [indices.length, height, width, channels]);
      const input = transform(x);
      if (input !== x) x.dispose();
      try {
        yield input;
      } finally {
        input.dispose();
      }
    }
  }
  if (staged) {
    reestimateBatchNorm(pipeline.classifierModel, batches((x) => x));
    return;
  }
  reestimateBatchNorm(pipeline.srModel, batches((x) => x));
  reestimateBatchNorm(pipeline.classifierModel, batches((x) => pipeline.srModel.predict(x) as tf.Tensor4D));
}

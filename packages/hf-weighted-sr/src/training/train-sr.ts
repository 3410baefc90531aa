import { createRng, InvalidArgumentError, requirePositiveInteger, ShapeMismatchError } from '@lowres/core';
import { collectParameters, deriveSeed, runPhase } from '@lowres/engine';
import { dihedral, type LrHrPairs } from '@lowres/datasets';
import * as tf from '@tensorflow/tfjs';
import { selectedShare, weightedL1 } from '../loss/weighted-l1';
import { checkAlpha } from '../weight-map/check-alpha';
import { weightMap } from '../weight-map/weight-map';

/** Progress reported after every optimisation step. */
export interface TrainSrProgress {
  /** Zero-based epoch. */
  epoch: number;
  /** Zero-based step within the epoch. */
  step: number;
  /** Steps per epoch. */
  steps: number;
  /** Loss of this step's batch. */
  loss: number;
  /** Share of the batch's HR pixels (entries) that the loss used. */
  selectedShare: number;
}

/** Options of {@link trainSr}. */
export interface TrainSrOptions {
  /** Band half-width α of the weight map (0 = plain L1, i.e. plain WDSR). */
  alpha: number;
  /** Passes over the pairs. */
  epochs: number;
  /** Pairs per step (the last batch of an epoch may be smaller). */
  batch: number;
  /** Adam learning rate. Default 1e-3 (WDSR). */
  learningRate?: number;
  /** Seed of the shuffling and augmentation. */
  seed: number;
  /** Random flips/rotations (8-fold, one per batch; needs square patches). Default false. */
  augment?: boolean;
  /** Called after every step; awaited. */
  onProgress?: (progress: TrainSrProgress) => void | Promise<void>;
}

/** Per-epoch summary returned by {@link trainSr}. */
export interface TrainSrResult {
  /** Mean step loss of every epoch. */
  losses: number[];
  /** Share of HR entries used by the loss in every epoch (1 for α = 0). */
  selectedShares: number[];
}

/**
 * Trains an SR model on LR/HR pairs (e.g. from `randomPatches`) on the training engine, with Adam and the
 * high-frequency weighted L1 loss: each HR batch's weight map is computed on the fly at `alpha`, or taken
 * from `pairs.weights` when given (precomputed maps aligned with `hr`, transformed identically; `alpha`
 * is then not applied).
 * Shuffling and augmentation are seeded; a non-finite loss or gradient stops training with
 * TrainingDivergedError before that step is applied. Leaves no tensors behind besides the updated weights.
 */
export async function trainSr(model: tf.LayersModel, pairs: LrHrPairs, options: TrainSrOptions): Promise<TrainSrResult> {
  const settings = checkOptions(options);
  const count = checkPairs(pairs, settings.augment);
  const result: TrainSrResult = { losses: [], selectedShares: [] };
  let share = 0;
  let lossSum = 0;
  let selectedSum = 0;
  await runPhase({
    name: 'sr',
    seed: settings.seed,
    model,
    parameters: collectParameters([{ prefix: 'sr', model }], [], 0),
    examples: count,
    epochs: settings.epochs,
    batchSize: settings.batch,
    optimizer: { name: 'adam', learningRate: settings.learningRate },
    objective: {
      loss: (indices, _keepCorrect, { globalStep }) => {
        // One symmetry per step, drawn from the run's seed and the step (reproducible and resumable).
        const symmetry = settings.augment ? createRng(deriveSeed(settings.seed, 4, globalStep)).int(8) : 0;
        const picked = tf.tensor1d(indices, 'int32');
        const pick = (images: tf.Tensor4D) => dihedral(tf.gather(images, picked), symmetry);
        const lr = pick(pairs.lr);
        const hr = pick(pairs.hr);
        const weights = pairs.weights ? pick(pairs.weights) : weightMap(hr, { alpha: settings.alpha });
        const prediction = model.apply(lr, { training: true }) as tf.Tensor4D;
        if (!tf.util.arraysEqual(prediction.shape, hr.shape)) {
          throw new ShapeMismatchError('model output', `[${hr.shape.join(', ')}] (the HR batch)`, prediction.shape);
        }
        share = selectedShare(weights);
        return weightedL1(hr, prediction, weights);
      },
    },
    callbacks: {
      onStepEnd: async ({ epoch, stepInEpoch, stepsPerEpoch, loss }) => {
        lossSum += loss;
        selectedSum += share;
        await settings.onProgress?.({ epoch, step: stepInEpoch - 1, steps: stepsPerEpoch, loss, selectedShare: share });
        if (stepInEpoch < stepsPerEpoch) return;
        result.losses.push(lossSum / stepsPerEpoch);
        result.selectedShares.push(selectedSum / stepsPerEpoch);
        lossSum = 0;
        selectedSum = 0;
      },
    },
  });
  return result;
}

function checkOptions(options: TrainSrOptions): Required<Omit<TrainSrOptions, 'onProgress'>> & Pick<TrainSrOptions, 'onProgress'> {
  const alpha = checkAlpha(options?.alpha);
  for (const key of ['epochs', 'batch'] as const) {
    requirePositiveInteger(key, options[key]);
  }
  const learningRate = options.learningRate ?? 1e-3;
  if (!Number.isFinite(learningRate) || learningRate <= 0) {
    throw new InvalidArgumentError('learningRate', `expected a positive number, got ${String(learningRate)}`);
  }
  if (!Number.isInteger(options.seed)) {
    throw new InvalidArgumentError('seed', `expected an integer, got ${String(options.seed)}`);
  }
  return { ...options, alpha, learningRate, augment: options.augment ?? false };
}

function checkPairs(pairs: LrHrPairs, augment: boolean): number {
  if (!(pairs?.lr instanceof tf.Tensor) || pairs.lr.rank !== 4) {
    throw new ShapeMismatchError('pairs.lr', '[N,h,w,c]', pairs?.lr?.shape ?? []);
  }
  if (!(pairs.hr instanceof tf.Tensor) || pairs.hr.rank !== 4) {
    throw new ShapeMismatchError('pairs.hr', '[N,H,W,c]', pairs.hr?.shape ?? []);
  }
  const [count, lrHeight, lrWidth, channels] = pairs.lr.shape;
  const [hrCount, hrHeight, hrWidth, hrChannels] = pairs.hr.shape;
  if (hrCount !== count || hrChannels !== channels) {
    throw new ShapeMismatchError('pairs.hr', `[${count}, H, W, ${channels}] (as many pairs and channels as pairs.lr)`, pairs.hr.shape);
  }
  if (count === 0) throw new ShapeMismatchError('pairs.lr', 'at least one pair', pairs.lr.shape);
  if (pairs.weights !== undefined && !tf.util.arraysEqual(pairs.weights.shape, pairs.hr.shape)) {
    throw new ShapeMismatchError('pairs.weights', `[${pairs.hr.shape.join(', ')}] (the shape of pairs.hr)`, pairs.weights.shape);
  }
  if (augment && (lrHeight !== lrWidth || hrHeight !== hrWidth)) {
    throw new InvalidArgumentError('augment', `rotations need square patches, got LR ${lrHeight}×${lrWidth} and HR ${hrHeight}×${hrWidth}`);
  }
  return count;
}

import { InvalidArgumentError, requirePositiveInteger, type PixelLoss, ShapeMismatchError } from '@lowres/core';
import type { LrHrPairs } from '@lowres/datasets';
import { collectParameters, type LayerRule, type OptimizerConfig, runPhase } from '@lowres/engine';
import * as tf from '@tensorflow/tfjs';
import { racnnLayerRules } from './layer-rules';
import { racnnPixelLoss } from './pixel-loss';

/** Progress reported after every optimisation step of {@link pretrainSr}. */
export interface PretrainProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly step: number;
  readonly steps: number;
  readonly loss: number;
}

/** Options of {@link pretrainSr}. */
export interface PretrainOptions {
  /** Passes over the pairs (default 1). */
  epochs?: number;
  /** Pairs per step (default 16; the last batch of an epoch may be smaller). */
  batch?: number;
  /** Base learning rate (default 1e-3). */
  learningRate?: number;
  /** 'adam' (default) or 'sgd' (with `momentum`). */
  optimizer?: 'adam' | 'sgd';
  /** SGD momentum (default 0.9; 0 = plain SGD). */
  momentum?: number;
  /** Seed of the per-epoch shuffling (default 0). */
  seed?: number;
  /** Loss(HR, output) to minimise (default {@link racnnPixelLoss}). */
  loss?: PixelLoss;
  /**
   * Per-parameter rules over `sr/<layer>/<weight>` (the engine's format; default
   * {@link racnnLayerRules}); rules that match no SR weight (those for `classifier/…`) are ignored.
   */
  layers?: readonly LayerRule[];
  /** Called after every step. */
  onProgress?: (progress: PretrainProgress) => void;
}

/** What {@link pretrainSr} measured: the mean loss of each epoch, in order. */
export interface PretrainResult {
  readonly epochLosses: number[];
}

function checkShape(what: string, tensor: tf.Tensor, expected: readonly (number | null)[]): void {
  const fits = tensor.rank === expected.length && expected.every((size, axis) => size === null || size === tensor.shape[axis]);
  if (!fits) throw new ShapeMismatchError(what, `[${expected.map((size) => size ?? 'N').join(', ')}]`, tensor.shape);
}

function optimizerConfig(options: PretrainOptions, learningRate: number): OptimizerConfig {
  const name = options.optimizer ?? 'adam';
  if (name === 'adam') return { name: 'adam', learningRate };
  if (name === 'sgd') {
    const momentum = options.momentum ?? 0.9;
    if (!(momentum >= 0 && momentum < 1)) throw new InvalidArgumentError('momentum', `expected a number in [0, 1), got ${momentum}`);
    return { name: 'sgd', learningRate, momentum };
  }
  throw new InvalidArgumentError('optimizer', `expected 'adam' or 'sgd', got '${String(name)}'`);
}

/**
 * Pre-trains an SR model on LR/HR pairs ("p-" initialisation; `lr` is the model's input, `hr` its
 * target) by minimising its pixel loss, on the training engine, with seeded shuffling and the
 * per-parameter rules' learning-rate multipliers (exact for Adam as for SGD). The pixel loss weighs
 * every pixel alike, so pairs with `weights` are refused. The pairs stay owned by the caller; every
 * tensor and optimizer this creates is disposed.
 */
export async function pretrainSr(model: tf.LayersModel, pairs: LrHrPairs, options: PretrainOptions = {}): Promise<PretrainResult> {
  const epochs = options.epochs ?? 1;
  const batch = options.batch ?? 16;
  const learningRate = options.learningRate ?? 1e-3;
  const loss = options.loss ?? racnnPixelLoss;
  requirePositiveInteger('epochs', epochs);
  requirePositiveInteger('batch', batch);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new InvalidArgumentError('learningRate', `expected a positive finite number, got ${learningRate}`);
  }
  const inputShape = model.inputs[0]?.shape ?? [];
  const outputShape = model.outputs[0]?.shape ?? [];
  if (pairs.weights !== undefined) {
    throw new InvalidArgumentError('pairs.weights', 'no per-pixel weights: pretrainSr minimises the unweighted pixel loss (use hf-weighted-sr trainSr for weighted pairs)');
  }
  checkShape('pairs.lr', pairs.lr, inputShape);
  checkShape('pairs.hr', pairs.hr, outputShape);
  const count = pairs.lr.shape[0];
  if (count === 0 || pairs.hr.shape[0] !== count) {
    throw new ShapeMismatchError('pairs.hr', `${count} pairs (as many as pairs.lr, at least 1)`, pairs.hr.shape);
  }
  const optimizer = optimizerConfig(options, learningRate);
  const parameters = collectParameters([{ prefix: 'sr', model }], options.layers ?? racnnLayerRules, 0, false);
  if (parameters.length === 0) throw new InvalidArgumentError('model', 'has no trainable SR weights (all layers frozen)');
  const steps = Math.ceil(count / batch);
  const epochLosses: number[] = [];
  let total = 0;
  await runPhase({
    name: 'pretrain',
    seed: options.seed ?? 0,
    model,
    parameters,
    examples: count,
    epochs,
    batchSize: batch,
    optimizer,
    objective: {
      loss: (indices) => {
        const picked = tf.tensor1d(indices, 'int32');
        const lowResolution = tf.gather(pairs.lr, picked) as tf.Tensor4D;
        const highResolution = tf.gather(pairs.hr, picked) as tf.Tensor4D;
        return loss(highResolution, model.apply(lowResolution, { training: true }) as tf.Tensor4D);
      },
    },
    callbacks: {
      onStepEnd: ({ epoch, stepInEpoch, loss: stepLoss, examples }) => {
        total += stepLoss * examples;
        options.onProgress?.({ epoch, epochs, step: stepInEpoch - 1, steps, loss: stepLoss });
        if (stepInEpoch < steps) return;
        epochLosses.push(total / count);
        total = 0;
      },
    },
  });
  return { epochLosses };
}

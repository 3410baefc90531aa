import { createRng, disposeOptimizer, InvalidArgumentError, requirePositiveInteger, type PixelLoss, ShapeMismatchError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { findMultiplier, type LayerMultiplier, racnnLearningRateMultipliers } from './multipliers';
import { racnnPixelLoss } from './pixel-loss';

/** LR/HR training pairs: `lowResolution` is the SR model's input, `highResolution` its target. */
export interface SrPairs {
  readonly lowResolution: tf.Tensor4D;
  readonly highResolution: tf.Tensor4D;
}

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
  /** Per-layer learning-rate multipliers (default the paper's); entries for classifier roles are ignored. */
  multipliers?: readonly LayerMultiplier[];
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

/** Trainable weights sharing one learning-rate multiplier. */
interface ParameterGroup {
  readonly multiplier: number;
  readonly variables: tf.Variable[];
}

function parameterGroups(model: tf.LayersModel, multipliers: readonly LayerMultiplier[]): ParameterGroup[] {
  const groups = new Map<number, ParameterGroup>();
  for (const layer of model.layers) {
    if (!layer.trainable) continue;
    const entry = findMultiplier(multipliers, layer.name, 'sr');
    for (const weight of layer.trainableWeights) {
      const isBias = weight.originalName.endsWith('/bias');
      const multiplier = (isBias ? entry?.bias : entry?.kernel) ?? 1;
      if (multiplier === 0) continue;
      const group = groups.get(multiplier) ?? { multiplier, variables: [] };
      group.variables.push(weight.read() as tf.Variable);
      groups.set(multiplier, group);
    }
  }
  return [...groups.values()];
}

function createOptimizer(options: PretrainOptions, learningRate: number): tf.Optimizer {
  const name = options.optimizer ?? 'adam';
  if (name === 'adam') return tf.train.adam(learningRate);
  if (name === 'sgd') {
    const momentum = options.momentum ?? 0.9;
    if (!(momentum >= 0 && momentum < 1)) throw new InvalidArgumentError('momentum', `expected a number in [0, 1), got ${momentum}`);
    return momentum === 0 ? tf.train.sgd(learningRate) : tf.train.momentum(learningRate, momentum);
  }
  throw new InvalidArgumentError('optimizer', `expected 'adam' or 'sgd', got '${String(name)}'`);
}

/**
 * Pre-trains an SR model on LR/HR pairs ("p-" initialisation) by minimising its pixel loss, with
 * seeded shuffling and the per-layer learning-rate multipliers applied as per-layer learning rates
 * (exact for Adam as for SGD). The pairs stay owned by the caller; every tensor and optimizer this
 * creates is disposed.
 */
export async function pretrainSr(model: tf.LayersModel, pairs: SrPairs, options: PretrainOptions = {}): Promise<PretrainResult> {
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
  checkShape('pairs.lowResolution', pairs.lowResolution, inputShape);
  checkShape('pairs.highResolution', pairs.highResolution, outputShape);
  const count = pairs.lowResolution.shape[0];
  if (count === 0 || pairs.highResolution.shape[0] !== count) {
    throw new ShapeMismatchError('pairs.highResolution', `${count} pairs (as many as pairs.lowResolution, at least 1)`, pairs.highResolution.shape);
  }
  const groups = parameterGroups(model, options.multipliers ?? racnnLearningRateMultipliers);
  if (groups.length === 0) throw new InvalidArgumentError('model', 'has no trainable SR weights (all layers frozen)');
  const variables = groups.flatMap((group) => group.variables);
  const rng = createRng(options.seed ?? 0);
  // One optimizer per multiplier at learningRate × multiplier: scaling the gradient instead would be
  // a no-op for Adam, which normalises the gradient's magnitude away.
  const optimizers = groups.map((group) => createOptimizer(options, learningRate * group.multiplier));
  const steps = Math.ceil(count / batch);
  const epochLosses: number[] = [];
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = rng.permutation(count);
      let total = 0;
      for (let step = 0; step < steps; step++) {
        const indices = order.subarray(step * batch, Math.min(count, (step + 1) * batch));
        const value = tf.tidy(() => {
          const picked = tf.tensor1d(indices, 'int32');
          const lowResolution = tf.gather(pairs.lowResolution, picked) as tf.Tensor4D;
          const highResolution = tf.gather(pairs.highResolution, picked) as tf.Tensor4D;
          const { value: lossValue, grads } = tf.variableGrads(
            () => loss(highResolution, model.apply(lowResolution, { training: true }) as tf.Tensor4D),
            variables,
          );
          groups.forEach((group, index) => {
            const groupGradients: tf.NamedTensorMap = {};
            for (const variable of group.variables) {
              const gradient = grads[variable.name];
              if (gradient !== undefined) groupGradients[variable.name] = gradient;
            }
            optimizers[index]?.applyGradients(groupGradients);
          });
          return lossValue;
        });
        const stepLoss = (await value.data())[0] as number;
        value.dispose();
        total += stepLoss * indices.length;
        options.onProgress?.({ epoch, epochs, step, steps, loss: stepLoss });
      }
      epochLosses.push(total / count);
    }
  } finally {
    for (const optimizer of optimizers) disposeOptimizer(optimizer);
  }
  return { epochLosses };
}

import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError, requirePositiveInteger } from '@lowres/core';
import { type OptimizerConfig, collectParameters, runPhase } from '@lowres/engine';
import { bagnetParts } from './model-parts';

/** Optimizers compared in the BagNet low-resolution study. */
export type BagnetOptimizerName = 'sgd' | 'adam' | 'adadelta';

/** Settings of the study: batch 100, cross-entropy, and a learning rate per optimizer. */
export const bagnetTrainingDefaults = Object.freeze({
  batchSize: 100,
  loss: 'categoricalCrossentropy' as const,
  learningRates: Object.freeze({ sgd: 0.001, adam: 0.001, adadelta: 1.0 } satisfies Record<BagnetOptimizerName, number>),
  /** Momentum of 'sgd'. */
  momentum: 0.9,
});

/** Images [N, h, w, c] in [0, 1] and one-hot labels [N, classes]. */
export interface BagnetTrainingData {
  images: tf.Tensor4D;
  labels: tf.Tensor2D;
}

/** Progress of one optimisation step. */
export interface BagnetStepInfo {
  step: number;
  epoch: number;
  loss: number;
}

/** Options of {@link trainBagnet}. */
export interface TrainBagnetOptions {
  optimizer: BagnetOptimizerName;
  /** Default: `bagnetTrainingDefaults.learningRates[optimizer]`. */
  learningRate?: number;
  /** Default 100. */
  batchSize?: number;
  /** Passes over the data. Default 1. */
  epochs?: number;
  /** Stop after this many steps (across epochs). */
  maxSteps?: number;
  /** Seed of the per-epoch shuffling. Default 0. */
  seed?: number;
  /** Called after every step with its loss. */
  onStep?: (info: BagnetStepInfo) => void;
}

/** Result of {@link trainBagnet}: the loss of every step. */
export interface BagnetTrainingResult {
  losses: number[];
}

/** The engine's optimizer settings of the study for `name` at `learningRate`. */
function optimizerConfig(name: BagnetOptimizerName, learningRate: number): OptimizerConfig {
  switch (name) {
    case 'sgd':
      return { name: 'sgd', learningRate, momentum: bagnetTrainingDefaults.momentum };
    case 'adam':
      return { name: 'adam', learningRate };
    case 'adadelta':
      // PyTorch's Adadelta defaults (rho 0.9, epsilon 1e-6), as in the study.
      return { name: 'adadelta', learningRate, rho: 0.9, epsilon: 1e-6 };
  }
}

/**
 * Trains a BagNet with softmax cross-entropy on its averaged logits (numerically stable whether
 * the model ends in softmax or not) on the training engine, shuffling with a seed each epoch.
 */
export async function trainBagnet(
  model: tf.LayersModel,
  data: BagnetTrainingData,
  options: TrainBagnetOptions,
): Promise<BagnetTrainingResult> {
  const { logits } = bagnetParts(model);
  if (!(options.optimizer in bagnetTrainingDefaults.learningRates)) {
    throw new InvalidArgumentError('optimizer', `expected 'sgd', 'adam' or 'adadelta', got '${String(options.optimizer)}'`);
  }
  const learningRate = options.learningRate ?? bagnetTrainingDefaults.learningRates[options.optimizer];
  if (!(Number.isFinite(learningRate) && learningRate > 0)) {
    throw new InvalidArgumentError('learningRate', `expected a positive number, got ${learningRate}`);
  }
  const batchSize = requirePositiveInteger('batchSize', options.batchSize ?? bagnetTrainingDefaults.batchSize);
  const epochs = requirePositiveInteger('epochs', options.epochs ?? 1);
  const maxSteps = options.maxSteps === undefined ? Number.POSITIVE_INFINITY : requirePositiveInteger('maxSteps', options.maxSteps);
  const count = data.images.shape[0];
  const inputShape = model.inputs[0]!.shape.slice(1) as number[];
  const classes = logits.outputs[0]!.shape[1] as number;
  if (data.images.rank !== 4 || data.images.shape.slice(1).some((size, i) => size !== inputShape[i])) {
    throw new ShapeMismatchError('data.images', `[N, ${inputShape.join(', ')}]`, data.images.shape);
  }
  if (data.labels.rank !== 2 || data.labels.shape[0] !== count || data.labels.shape[1] !== classes) {
    throw new ShapeMismatchError('data.labels', `[${count}, ${classes}] (one-hot)`, data.labels.shape);
  }
  if (count === 0) throw new InvalidArgumentError('data.images', 'expected at least one image');

  const losses: number[] = [];
  await runPhase({
    name: 'bagnet',
    seed: options.seed ?? 0,
    model,
    parameters: collectParameters([{ prefix: 'bagnet', model: logits }], [], 0),
    examples: count,
    epochs,
    batchSize,
    maxSteps,
    optimizer: optimizerConfig(options.optimizer, learningRate),
    objective: {
      loss: (indices) => {
        const picked = tf.tensor1d(indices, 'int32');
        const x = tf.gather(data.images, picked);
        const y = tf.gather(data.labels, picked);
        return tf.losses.softmaxCrossEntropy(y, logits.apply(x, { training: true }) as tf.Tensor2D) as tf.Scalar;
      },
    },
    callbacks: {
      onStepEnd: ({ loss, epoch }) => {
        losses.push(loss);
        options.onStep?.({ step: losses.length, epoch, loss });
      },
    },
  });
  return { losses };
}

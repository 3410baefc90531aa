import { type ClassifierBackEnd, type ImageShape, InvalidArgumentError, requirePositiveInteger, type PixelLoss } from '@lowres/core';
import type { LayerRule } from '@lowres/engine';
import { racnnFrozenClassifierLayerRules, racnnLayerRules } from './layer-rules';
import { racnnPixelLoss } from './pixel-loss';
import { type RacnnFrontEnd, racnnSr, type SrInit } from './racnn-sr';
import type { SrWeights, SrWeightsSource } from './sr-weights';

/** Back ends the paper used; their name sets the classifier input size (227 for AlexNet, else 224). */
export type RacnnBackboneName = 'alexnet' | 'vgg16' | 'googlenet';

/**
 * How the classification layers train: 'fine-tune' (all layers, ×0.1 except the last FC ×1) or
 * 'last-layer' (the paper's Table II: every classification layer frozen but the last FC).
 */
export type RacnnClassifierTraining = 'fine-tune' | 'last-layer';

/** Options of {@link racnnRecipe}. */
export interface RacnnRecipeOptions {
  /** How the classification layers train (default 'fine-tune'). */
  classifier?: RacnnClassifierTraining;
  /** Classifier back end: a registry name of the paper's three or any ClassifierBackEnd (default 'alexnet'). */
  backbone?: RacnnBackboneName | ClassifierBackEnd;
  /** SR initialisation: 'gaussian' (g-RACNN) or 'pretrained' (p-RACNN). */
  init: SrInit;
  /** Pre-trained SR weights; with `init: 'pretrained'` and none given, the recipe asks to pre-train first. */
  weights?: SrWeightsSource | SrWeights;
  /** Pipeline input size (default 227 for AlexNet, 224 otherwise). */
  inputSize?: number;
  /** Side of the low-resolution images before bicubic up-scaling (default 50, as in the paper). */
  lowResolutionSize?: number;
  /** Image channels (default 3; the paper trains the SR layers on RGB). */
  channels?: number;
  /** Base learning rate of the end-to-end SGD (default 0.001). */
  learningRate?: number;
  /** SGD momentum (default 0.9). */
  momentum?: number;
  /** Base weight decay (default 0.0005), scaled by each layer's multiplier. */
  weightDecay?: number;
  /** End-to-end epochs (default 30). */
  epochs?: number;
  /** Images per step (default 32). */
  batch?: number;
  /** Seed for the SR layers' Gaussian initialisation and the run (default 0). */
  seed?: number;
}

/** LR/HR pre-training the trainer runs before end-to-end training (the "p-" initialisation). */
export interface RacnnPretrainStage {
  /** Pixel loss to minimise: ½‖HR − LR − g(LR)‖² per image. */
  readonly loss: PixelLoss;
  /** LR images: HR bicubic-down-scaled to this side, then bicubic-up-scaled back to the input size. */
  readonly lowResolutionSize: number;
  readonly epochs: number;
  readonly batch: number;
  readonly learningRate: number;
  readonly optimizer: 'adam' | 'sgd';
  /** Per-parameter rules of the SR layers during pre-training (rules for `classifier/…` are ignored). */
  readonly layers: readonly LayerRule[];
}

/**
 * A plain RACNN training configuration for the trainer: build `sr` (call `await sr.load()` first
 * when it holds pre-trained weights from a directory), compose it with `backbone` at `input`,
 * run `pretrain` on LR/HR pairs when present, then train end to end on `loss` with SGD
 * (`optimizer`), applying the per-parameter rules `layers` (learning-rate and weight-decay multipliers, freezing).
 */
export interface RacnnRecipe {
  /** Run name in the paper's style, e.g. 'p-RACNN-alexnet'. */
  readonly name: string;
  readonly mode: 'end-to-end';
  readonly sr: RacnnFrontEnd;
  readonly backbone: RacnnBackboneName | ClassifierBackEnd;
  readonly classifier: RacnnClassifierTraining;
  readonly init: SrInit;
  /** Shape the pipeline receives: LR images already bicubic-up-scaled to the classifier input size. */
  readonly input: ImageShape;
  /** Side the images are degraded to before up-scaling (the "low resolution"). */
  readonly lowResolutionSize: number;
  /** Present when the SR layers must be pre-trained before end-to-end training. */
  readonly pretrain: RacnnPretrainStage | null;
  readonly optimizer: { readonly name: 'sgd'; readonly learningRate: number; readonly momentum: number; readonly weightDecay: number };
  /** Per-parameter rules (the engine's format) for the `sr` and `classifier` parts. */
  readonly layers: readonly LayerRule[];
  readonly loss: 'softmax-cross-entropy';
  /** The paper's metric: the mean of per-class accuracies. */
  readonly metric: 'mean-per-class-accuracy';
  readonly epochs: number;
  readonly batch: number;
  readonly seed: number;
}

function positiveNumber(argument: string, value: number, allowZero = false): number {
  const ok = Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw new InvalidArgumentError(argument, `expected a ${allowZero ? 'non-negative' : 'positive'} finite number, got ${value}`);
  return value;
}

const BACKBONES: readonly RacnnBackboneName[] = ['alexnet', 'vgg16', 'googlenet'];

/** The paper's RACNN recipe (g- or p-RACNN on a chosen back end) as a plain configuration object. */
export function racnnRecipe(options: RacnnRecipeOptions): RacnnRecipe {
  const backbone = options.backbone ?? 'alexnet';
  if (typeof backbone === 'string' && !BACKBONES.includes(backbone)) {
    throw new InvalidArgumentError('backbone', `expected one of ${BACKBONES.join(', ')} or a ClassifierBackEnd, got '${backbone}'`);
  }
  if (typeof backbone === 'object' && backbone.kind !== 'classifier') {
    throw new InvalidArgumentError('backbone', "expected a ClassifierBackEnd (kind 'classifier')");
  }
  const classifier = options.classifier ?? 'fine-tune';
  if (classifier !== 'fine-tune' && classifier !== 'last-layer') {
    throw new InvalidArgumentError('classifier', `expected 'fine-tune' or 'last-layer', got '${String(classifier)}'`);
  }
  const init = options.init;
  if (init !== 'gaussian' && init !== 'pretrained') {
    throw new InvalidArgumentError('init', `expected 'gaussian' or 'pretrained', got '${String(init)}'`);
  }
  const inputSize = requirePositiveInteger('inputSize', options.inputSize ?? (backbone === 'alexnet' ? 227 : 224));
  const lowResolutionSize = requirePositiveInteger('lowResolutionSize', options.lowResolutionSize ?? 50);
  if (lowResolutionSize > inputSize) {
    throw new InvalidArgumentError('lowResolutionSize', `expected at most inputSize (${inputSize}), got ${lowResolutionSize}`);
  }
  const channels = requirePositiveInteger('channels', options.channels ?? 3);
  const seed = options.seed ?? 0;
  const backboneName = typeof backbone === 'string' ? backbone : backbone.name;
  const preTrainedNow = init === 'pretrained' && options.weights !== undefined;
  const sr = preTrainedNow
    ? racnnSr({ scale: 1, channels, init: 'pretrained', weights: options.weights, seed })
    : racnnSr({ scale: 1, channels, init: 'gaussian', seed });
  const layers = classifier === 'fine-tune' ? racnnLayerRules : racnnFrozenClassifierLayerRules;
  return {
    name: `${init === 'gaussian' ? 'g' : 'p'}-RACNN-${backboneName}`,
    mode: 'end-to-end',
    sr,
    backbone,
    classifier,
    init,
    input: { height: inputSize, width: inputSize, channels },
    lowResolutionSize,
    pretrain:
      init === 'pretrained' && !preTrainedNow
        ? { loss: racnnPixelLoss, lowResolutionSize, epochs: 10, batch: 64, learningRate: 1e-3, optimizer: 'adam', layers: racnnLayerRules }
        : null,
    optimizer: {
      name: 'sgd',
      learningRate: positiveNumber('learningRate', options.learningRate ?? 0.001),
      momentum: positiveNumber('momentum', options.momentum ?? 0.9, true),
      weightDecay: positiveNumber('weightDecay', options.weightDecay ?? 0.0005, true),
    },
    layers,
    loss: 'softmax-cross-entropy',
    metric: 'mean-per-class-accuracy',
    epochs: requirePositiveInteger('epochs', options.epochs ?? 30),
    batch: requirePositiveInteger('batch', options.batch ?? 32),
    seed,
  };
}

import * as tf from '@tensorflow/tfjs';
import { type ClassifierBackEnd, type ImageShape, InvalidArgumentError, createRng, requirePositiveInteger } from '@lowres/core';
import {
  type BagnetPatch,
  bagnetFeatureSize,
  bagnetKernel3,
  bagnetPatches,
  bagnetStageBlocks,
  bagnetStagePlanes,
  bagnetStageStrides,
} from './bagnet-architecture';
import { bagnetFigures } from './bagnet-figures';
import { bagnetLayerNames } from './layer-names';
import { bagnetBatchNorm, bagnetConv, bottleneck } from './bottleneck';

/** Options of {@link bagnet}; defaults reproduce the original BagNet. */
export interface BagnetOptions {
  /** Receptive field q of every patch: 9, 17 or 33. Default 33. */
  patch?: BagnetPatch;
  /** Channel multiplier for the stem and every stage (rounded, at least 1); < 1 gives tiny test models. Default 1. */
  width?: number;
  /** Activation after the averaged logits: 'softmax' (default) or 'linear' (the model outputs logits). */
  classesActivation?: 'softmax' | 'linear';
  /** Seed of the weight initializers; omit for a random initialisation. */
  seed?: number;
}

export { bagnetLayerNames } from './layer-names';


/**
 * BagNet classifier back end (bag of local features): a ResNet-50-like network whose receptive
 * field is capped at patch×patch pixels; the prediction is the spatial mean of per-patch logits.
 */
export function bagnet(options: BagnetOptions = {}): ClassifierBackEnd {
  const patch = options.patch ?? 33;
  if (!bagnetPatches.includes(patch)) {
    throw new InvalidArgumentError('patch', `expected one of ${bagnetPatches.join(', ')}, got ${String(patch)}`);
  }
  const width = options.width ?? 1;
  if (!Number.isFinite(width) || width <= 0) {
    throw new InvalidArgumentError('width', `expected a positive finite multiplier, got ${width}`);
  }
  const classesActivation = options.classesActivation ?? 'softmax';
  if (classesActivation !== 'softmax' && classesActivation !== 'linear') {
    throw new InvalidArgumentError('classesActivation', `expected 'softmax' or 'linear', got '${String(classesActivation)}'`);
  }
  const channels = (base: number): number => Math.max(1, Math.round(base * width));

  return {
    kind: 'classifier',
    name: `bagnet${patch}`,
    minimumInput: { height: patch, width: patch },
    figures: bagnetFigures,
    build(input: ImageShape, classes: number): tf.LayersModel {
      requirePositiveInteger('input.height', input.height);
      requirePositiveInteger('input.width', input.width);
      requirePositiveInteger('input.channels', input.channels);
      requirePositiveInteger('classes', classes);
      const [featureHeight, featureWidth] = bagnetFeatureSize(patch, input.height, input.width);
      if (input.height < patch || input.width < patch || featureHeight < 1 || featureWidth < 1) {
        throw new InvalidArgumentError(
          'input',
          `BagNet-${patch} needs at least ${patch}×${patch} pixels (its receptive field), got ${input.height}×${input.width}`,
        );
      }
      const rng = options.seed === undefined ? undefined : createRng(options.seed);
      const nextSeed = (): number | undefined => rng?.int(2 ** 31);
      const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor): tf.SymbolicTensor => layer.apply(x) as tf.SymbolicTensor;

      const image = tf.input({ name: 'image', shape: [input.height, input.width, input.channels] });
      const stem = channels(64);
      let x = apply(bagnetConv('conv1', stem, 1, 1, nextSeed()), image);
      x = apply(bagnetConv('conv2', stem, 3, 1, nextSeed()), x);
      x = apply(bagnetBatchNorm('bn1', 0.999), x);
      x = apply(tf.layers.reLU({ name: 'relu' }), x);
      bagnetStageBlocks.forEach((blocks, stage) => {
        const kernel3 = bagnetKernel3[patch][stage] ?? 0;
        for (let block = 0; block < blocks; block++) {
          x = bottleneck(x, {
            name: `layer${stage + 1}_${block}`,
            planes: channels(bagnetStagePlanes[stage]!),
            kernel: block < kernel3 ? 3 : 1,
            stride: block === 0 ? bagnetStageStrides[stage]! : 1,
            nextSeed,
          });
        }
      });
      x = apply(tf.layers.globalAveragePooling2d({ name: bagnetLayerNames.pool }), x);
      const fanIn = x.shape[1] as number;
      // PyTorch's default nn.Linear init (the BagNet init loop leaves the fc layer alone).
      const bound = 1 / Math.sqrt(fanIn);
      x = apply(
        tf.layers.dense({
          name: bagnetLayerNames.logits,
          units: classes,
          kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: nextSeed() }),
          biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: nextSeed() }),
        }),
        x,
      );
      if (classesActivation === 'softmax') {
        x = apply(tf.layers.activation({ name: bagnetLayerNames.probabilities, activation: 'softmax' }), x);
      }
      return tf.model({ name: `bagnet${patch}`, inputs: image, outputs: x });
    },
  };
}

import { createRng, type ImageShape } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { BicubicUpscale } from './bicubic-upscale';

/** Names of the three convolutional SR layers, in order (per-layer settings address them). */
export const SR_LAYER_NAMES = ['sconv1', 'sconv2', 'sconv3'] as const;

/** Name of one convolutional SR layer. */
export type SrLayerName = (typeof SR_LAYER_NAMES)[number];

/** Resolved settings of one SR network (see `racnnSr` / `srcnn` for the public options). */
export interface SrNetworkSettings {
  readonly scale: number;
  readonly residual: boolean;
  /** Kernel size of sconv2: 5 (9-5-5) or 1 (9-1-5). */
  readonly middleKernel: number;
  readonly standardDeviation: number;
  readonly seed: number | undefined;
  readonly modelName: string;
}

function convolution(name: SrLayerName, filters: number, kernelSize: number, activation: 'relu' | 'linear', settings: SrNetworkSettings, seed: number | undefined): tf.layers.Layer {
  return tf.layers.conv2d({
    name,
    filters,
    kernelSize,
    padding: 'same',
    activation,
    useBias: true,
    kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: settings.standardDeviation, seed }),
    biasInitializer: 'zeros',
  });
}

/**
 * Builds the SR network for LR inputs of `input`: optional fixed bicubic up-scaling, then
 * sconv1 9×9×64 ReLU → sconv2 k×k×32 ReLU → sconv3 5×5×channels, plus the up-scaled input
 * when residual.
 */
export function buildSrNetwork(input: ImageShape, settings: SrNetworkSettings): tf.LayersModel {
  const rng = settings.seed === undefined ? undefined : createRng(settings.seed);
  const layerSeed = (): number | undefined => rng?.seed();
  const image = tf.input({ shape: [input.height, input.width, input.channels], name: `${settings.modelName}_input` });
  const upscaled =
    settings.scale === 1
      ? image
      : (new BicubicUpscale({ scale: settings.scale, name: 'bicubic' }).apply(image) as tf.SymbolicTensor);
  const features = convolution('sconv1', 64, 9, 'relu', settings, layerSeed()).apply(upscaled) as tf.SymbolicTensor;
  const mapped = convolution('sconv2', 32, settings.middleKernel, 'relu', settings, layerSeed()).apply(features) as tf.SymbolicTensor;
  const predicted = convolution('sconv3', input.channels, 5, 'linear', settings, layerSeed()).apply(mapped) as tf.SymbolicTensor;
  const output = settings.residual
    ? (tf.layers.add({ name: 'residual' }).apply([upscaled, predicted]) as tf.SymbolicTensor)
    : predicted;
  return tf.model({ inputs: image, outputs: output, name: settings.modelName });
}

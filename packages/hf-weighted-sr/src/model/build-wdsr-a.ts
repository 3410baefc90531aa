import * as tf from '@tensorflow/tfjs';
import { PixelShuffle } from '../layers/pixel-shuffle';
import { registerLayers } from '../layers/register-layers';
import { WeightNormConv2D } from '../layers/weight-norm-conv2d';
import type { ResolvedWdsrAOptions } from './wdsr-a-options';

/** Spatial input size of a WDSR-A model; `null` builds a fully convolutional model for any size. */
export interface WdsrAInput {
  height: number | null;
  width: number | null;
  channels: number;
}

/** Per-channel mean subtracted from the input and added back to the output (the authors' value). */
const IMAGE_MEAN = 0.5;

/**
 * Builds the WDSR-A network: mean shift, 3×3 head conv, `blocks` × [3×3 conv (expand) → ReLU → 3×3 conv,
 * + block input], 3×3 tail conv to c·s², a 5×5 skip conv from the input to c·s², their sum
 * pixel-shuffled (shuffling is linear, so summing first equals shuffling both branches), mean added back.
 */
export function buildWdsrA(options: ResolvedWdsrAOptions, input: WdsrAInput): tf.LayersModel {
  registerLayers();
  const { scale, blocks, features, expansion, weightNorm } = options;
  let seed = options.seed;
  const conv = (filters: number, kernelSize: number): tf.layers.Layer => {
    const layerSeed = seed;
    if (seed !== undefined) seed += 1;
    if (weightNorm) return new WeightNormConv2D({ filters, kernelSize, seed: layerSeed });
    return tf.layers.conv2d({
      filters,
      kernelSize,
      padding: 'same',
      kernelInitializer: tf.initializers.varianceScaling({
        scale: 1 / 3,
        mode: 'fanIn',
        distribution: 'uniform',
        seed: layerSeed,
      }),
    });
  };
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
    layer.apply(x) as tf.SymbolicTensor;

  const image = tf.input({ shape: [input.height, input.width, input.channels] });
  const centred = apply(tf.layers.rescaling({ scale: 1, offset: -IMAGE_MEAN }), image);
  let body = apply(conv(features, 3), centred);
  for (let block = 0; block < blocks; block++) {
    const expanded = apply(tf.layers.reLU(), apply(conv(features * expansion, 3), body));
    body = apply(tf.layers.add(), [body, apply(conv(features, 3), expanded)]);
  }
  const depth = input.channels * scale * scale;
  const tail = apply(conv(depth, 3), body);
  const skip = apply(conv(depth, 5), centred);
  const shuffled = apply(new PixelShuffle({ scale }), apply(tf.layers.add(), [tail, skip]));
  const output = apply(tf.layers.rescaling({ scale: 1, offset: IMAGE_MEAN }), shuffled);
  return tf.model({ inputs: image, outputs: output });
}

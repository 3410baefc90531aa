import type { ClassifierBackEnd, ImageShape } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { applyLayer } from './layer-helpers';
import {
  type BackboneOptions,
  type MinimumInput,
  requireInteger,
  requireRate,
  resolveClassesActivation,
  validateBuildArguments,
} from './options';

/** Options of {@link vgg16}. */
export interface Vgg16Options extends BackboneOptions {
  /**
   * Adapt to small inputs: the fifth max pool (`block5_pool`) is left out, so the network
   * downsamples by 16 instead of 32 and accepts 16×16 and up (28×28 works) instead of 32×32.
   */
  smallInput?: boolean;
  /** Units of the two hidden dense layers (default 4096, the paper's). */
  hiddenUnits?: number;
  /** Dropout rate after each hidden dense layer (default 0.5, as in the paper; Keras uses none). */
  dropout?: number;
}

const BLOCKS = [
  { filters: 64, convs: 2 },
  { filters: 128, convs: 2 },
  { filters: 256, convs: 3 },
  { filters: 512, convs: 3 },
  { filters: 512, convs: 3 },
] as const;

/**
 * VGG-16 (configuration D of Simonyan & Zisserman) with Keras' layer names: thirteen 3×3 'same'
 * convolutions in five blocks, each followed by a 2×2 max pool, then flatten, two ReLU dense
 * layers and the classifier. 138,357,544 parameters at 224×224×3 with 1000 classes; other input
 * sizes change the first dense layer's fan-in.
 */
export function vgg16(options: Vgg16Options = {}): ClassifierBackEnd {
  const classesActivation = resolveClassesActivation(options.classesActivation);
  const smallInput = options.smallInput ?? false;
  const hiddenUnits = requireInteger('hiddenUnits', options.hiddenUnits ?? 4096, 1);
  const dropout = requireRate('dropout', options.dropout ?? 0.5);
  const side = smallInput ? 16 : 32;
  const minimumInput: MinimumInput = { height: side, width: side };
  return {
    kind: 'classifier',
    name: 'vgg16',
    minimumInput,
    build(input: ImageShape, classes: number): tf.LayersModel {
      validateBuildArguments('vgg16', input, classes, minimumInput, smallInput ? '' : 'smallInput: true accepts 16×16 and up');
      const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'image' });
      let x = image;
      BLOCKS.forEach(({ filters, convs }, block) => {
        for (let index = 1; index <= convs; index++) {
          const name = `block${block + 1}_conv${index}`;
          x = applyLayer(tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', name }), x);
        }
        if (!(smallInput && block === BLOCKS.length - 1)) {
          x = applyLayer(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `block${block + 1}_pool` }), x);
        }
      });
      x = applyLayer(tf.layers.flatten({ name: 'flatten' }), x);
      for (const name of ['fc1', 'fc2']) {
        x = applyLayer(tf.layers.dense({ units: hiddenUnits, activation: 'relu', name }), x);
        if (dropout > 0) x = applyLayer(tf.layers.dropout({ rate: dropout, name: `${name}_dropout` }), x);
      }
      const output = applyLayer(tf.layers.dense({ units: classes, activation: classesActivation, name: 'predictions' }), x);
      return tf.model({ inputs: image, outputs: output, name: 'vgg16' });
    },
  };
}

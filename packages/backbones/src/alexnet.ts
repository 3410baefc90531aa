import type { ClassifierBackEnd, ImageShape } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { applyLayer, ceilMaxPool, paddedConv2d } from './layer-helpers';
import { GroupedConv2D } from './layers/grouped-conv2d';
import { LocalResponseNormalization } from './layers/local-response-normalization';
import { registerLayers } from './layers/register-layers';
import {
  type BackboneOptions,
  type MinimumInput,
  requireInteger,
  requireRate,
  resolveClassesActivation,
  validateBuildArguments,
} from './options';

/** Options of {@link alexnet}. */
export interface AlexNetOptions extends BackboneOptions {
  /**
   * Adapt to small inputs: conv1 keeps its 11×11 kernel but uses stride 1 with 5 pixels of
   * padding, so the network downsamples by 8 instead of ~32 and accepts 12×12 and up (28×28 and
   * 32×32 work) instead of 55×55.
   */
  smallInput?: boolean;
  /** Units of fc6 and fc7 (default 4096). */
  hiddenUnits?: number;
  /** Dropout rate after fc6 and fc7 (default 0.5). */
  dropout?: number;
}

function relu(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return applyLayer(tf.layers.reLU({ name }), x);
}

function groupedConv(x: tf.SymbolicTensor, name: string, filters: number, kernelSize: number): tf.SymbolicTensor {
  return relu(applyLayer(new GroupedConv2D({ name, filters, kernelSize, groups: 2, padding: 'same' }), x), `${name}_relu`);
}

function conv(x: tf.SymbolicTensor, name: string, filters: number): tf.SymbolicTensor {
  return applyLayer(tf.layers.conv2d({ name, filters, kernelSize: 3, padding: 'same', activation: 'relu' }), x);
}

/**
 * AlexNet as the BVLC Caffe reference model `bvlc_alexnet`: conv1 (96, 11×11/4), LRN, max pool,
 * conv2 (256, 5×5, 2 groups), LRN, max pool, conv3 (384), conv4 (384, 2 groups), conv5 (256,
 * 2 groups), max pool, fc6/fc7 (4096, dropout) and fc8. Pools use Caffe's ceil mode; LRN has
 * local_size 5, α 1e-4, β 0.75. 60,965,224 parameters at 227×227×3 with 1000 classes; accepts
 * 55×55 and up (every max pool then sees at least a 3×3 map). Other sizes change fc6's fan-in.
 */
export function alexnet(options: AlexNetOptions = {}): ClassifierBackEnd {
  const classesActivation = resolveClassesActivation(options.classesActivation);
  const smallInput = options.smallInput ?? false;
  const hiddenUnits = requireInteger('hiddenUnits', options.hiddenUnits ?? 4096, 1);
  const dropout = requireRate('dropout', options.dropout ?? 0.5);
  const side = smallInput ? 12 : 55;
  const minimumInput: MinimumInput = { height: side, width: side };
  return {
    kind: 'classifier',
    name: 'alexnet',
    minimumInput,
    build(input: ImageShape, classes: number): tf.LayersModel {
      validateBuildArguments('alexnet', input, classes, minimumInput, smallInput ? '' : 'smallInput: true accepts 12×12 and up');
      registerLayers();
      const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'image' });
      let x = paddedConv2d(image, {
        name: 'conv1',
        filters: 96,
        kernelSize: 11,
        strides: smallInput ? 1 : 4,
        padding: smallInput ? 5 : 0,
        useBias: true,
      });
      x = relu(x, 'relu1');
      x = applyLayer(new LocalResponseNormalization({ name: 'norm1', size: 5, alpha: 1e-4, beta: 0.75 }), x);
      x = ceilMaxPool(x, { name: 'pool1', poolSize: 3, strides: 2 });
      x = groupedConv(x, 'conv2', 256, 5);
      x = applyLayer(new LocalResponseNormalization({ name: 'norm2', size: 5, alpha: 1e-4, beta: 0.75 }), x);
      x = ceilMaxPool(x, { name: 'pool2', poolSize: 3, strides: 2 });
      x = conv(x, 'conv3', 384);
      x = groupedConv(x, 'conv4', 384, 3);
      x = groupedConv(x, 'conv5', 256, 3);
      x = ceilMaxPool(x, { name: 'pool5', poolSize: 3, strides: 2 });
      x = applyLayer(tf.layers.flatten({ name: 'flatten' }), x);
      for (const name of ['fc6', 'fc7']) {
        x = applyLayer(tf.layers.dense({ units: hiddenUnits, activation: 'relu', name }), x);
        if (dropout > 0) x = applyLayer(tf.layers.dropout({ rate: dropout, name: `${name}_dropout` }), x);
      }
      const output = applyLayer(tf.layers.dense({ units: classes, activation: classesActivation, name: 'fc8' }), x);
      return tf.model({ inputs: image, outputs: output, name: 'alexnet' });
    },
  };
}

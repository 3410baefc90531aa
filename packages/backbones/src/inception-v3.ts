import type { ClassifierBackEnd, ImageShape } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { applyLayer } from './layer-helpers';
import { registerLayers } from './layers/register-layers';
import { UnscaledBatchNormalization } from './layers/unscaled-batch-normalization';
import { type BackboneOptions, type MinimumInput, resolveClassesActivation, validateBuildArguments } from './options';

/** Options of {@link inceptionV3}. */
export interface InceptionV3Options extends BackboneOptions {
  /**
   * Adapt to small inputs: the first stem convolution uses stride 1 and the first stem max pool
   * is left out, so the network downsamples by 8 instead of 32 and accepts 21×21 and up (28×28
   * and 32×32 work) instead of 75×75.
   */
  smallInput?: boolean;
}

type Tensor = tf.SymbolicTensor;

/**
 * Keras' `conv2d_bn`: convolution without bias, batch norm without scale (ε = 1e-3), ReLU. The
 * batch norm is {@link UnscaledBatchNormalization} because TF.js' cannot train with `scale: false`.
 */
function convBn(
  x: Tensor,
  name: string,
  filters: number,
  rows: number,
  columns: number,
  { strides = 1, padding = 'same' }: { strides?: number; padding?: 'same' | 'valid' } = {},
): Tensor {
  let y = applyLayer(
    tf.layers.conv2d({ filters, kernelSize: [rows, columns], strides, padding, useBias: false, name: `${name}_conv` }),
    x,
  );
  y = applyLayer(new UnscaledBatchNormalization({ epsilon: 1e-3, momentum: 0.99, name: `${name}_bn` }), y);
  return applyLayer(tf.layers.activation({ activation: 'relu', name }), y);
}

function concat(name: string, parts: Tensor[]): Tensor {
  return applyLayer(tf.layers.concatenate({ axis: 3, name }), parts);
}

function averagePoolBranch(x: Tensor, name: string, filters: number): Tensor {
  const pooled = applyLayer(tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same', name: `${name}_pool` }), x);
  return convBn(pooled, name, filters, 1, 1);
}

/** 35×35 module (mixed0–2). */
function moduleA(x: Tensor, name: string, poolFilters: number): Tensor {
  const branch1x1 = convBn(x, `${name}_1x1`, 64, 1, 1);
  const branch5x5 = convBn(convBn(x, `${name}_5x5_reduce`, 48, 1, 1), `${name}_5x5`, 64, 5, 5);
  let branch3x3 = convBn(x, `${name}_3x3dbl_reduce`, 64, 1, 1);
  branch3x3 = convBn(convBn(branch3x3, `${name}_3x3dbl_1`, 96, 3, 3), `${name}_3x3dbl_2`, 96, 3, 3);
  return concat(name, [branch1x1, branch5x5, branch3x3, averagePoolBranch(x, `${name}_pool_proj`, poolFilters)]);
}

/** Grid reduction 35 → 17 (mixed3). */
function reductionA(x: Tensor, name: string): Tensor {
  const branch3x3 = convBn(x, `${name}_3x3`, 384, 3, 3, { strides: 2, padding: 'valid' });
  let branch3x3dbl = convBn(x, `${name}_3x3dbl_reduce`, 64, 1, 1);
  branch3x3dbl = convBn(branch3x3dbl, `${name}_3x3dbl_1`, 96, 3, 3);
  branch3x3dbl = convBn(branch3x3dbl, `${name}_3x3dbl_2`, 96, 3, 3, { strides: 2, padding: 'valid' });
  const pool = applyLayer(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: `${name}_pool` }), x);
  return concat(name, [branch3x3, branch3x3dbl, pool]);
}

/** 17×17 module with factorised 7×7 convolutions (mixed4–7). */
function moduleB(x: Tensor, name: string, width: number): Tensor {
  const branch1x1 = convBn(x, `${name}_1x1`, 192, 1, 1);
  let branch7x7 = convBn(x, `${name}_7x7_reduce`, width, 1, 1);
  branch7x7 = convBn(branch7x7, `${name}_7x7_1`, width, 1, 7);
  branch7x7 = convBn(branch7x7, `${name}_7x7_2`, 192, 7, 1);
  let branch7x7dbl = convBn(x, `${name}_7x7dbl_reduce`, width, 1, 1);
  branch7x7dbl = convBn(branch7x7dbl, `${name}_7x7dbl_1`, width, 7, 1);
  branch7x7dbl = convBn(branch7x7dbl, `${name}_7x7dbl_2`, width, 1, 7);
  branch7x7dbl = convBn(branch7x7dbl, `${name}_7x7dbl_3`, width, 7, 1);
  branch7x7dbl = convBn(branch7x7dbl, `${name}_7x7dbl_4`, 192, 1, 7);
  return concat(name, [branch1x1, branch7x7, branch7x7dbl, averagePoolBranch(x, `${name}_pool_proj`, 192)]);
}

/** Grid reduction 17 → 8 (mixed8). */
function reductionB(x: Tensor, name: string): Tensor {
  const branch3x3 = convBn(convBn(x, `${name}_3x3_reduce`, 192, 1, 1), `${name}_3x3`, 320, 3, 3, { strides: 2, padding: 'valid' });
  let branch7x7x3 = convBn(x, `${name}_7x7x3_reduce`, 192, 1, 1);
  branch7x7x3 = convBn(branch7x7x3, `${name}_7x7x3_1`, 192, 1, 7);
  branch7x7x3 = convBn(branch7x7x3, `${name}_7x7x3_2`, 192, 7, 1);
  branch7x7x3 = convBn(branch7x7x3, `${name}_7x7x3_3`, 192, 3, 3, { strides: 2, padding: 'valid' });
  const pool = applyLayer(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: `${name}_pool` }), x);
  return concat(name, [branch3x3, branch7x7x3, pool]);
}

/** 8×8 module with expanded filter banks (mixed9–10). */
function moduleC(x: Tensor, name: string): Tensor {
  const branch1x1 = convBn(x, `${name}_1x1`, 320, 1, 1);
  const reduce3x3 = convBn(x, `${name}_3x3_reduce`, 384, 1, 1);
  const branch3x3 = concat(`${name}_3x3`, [
    convBn(reduce3x3, `${name}_3x3_1x3`, 384, 1, 3),
    convBn(reduce3x3, `${name}_3x3_3x1`, 384, 3, 1),
  ]);
  let reduce3x3dbl = convBn(x, `${name}_3x3dbl_reduce`, 448, 1, 1);
  reduce3x3dbl = convBn(reduce3x3dbl, `${name}_3x3dbl_1`, 384, 3, 3);
  const branch3x3dbl = concat(`${name}_3x3dbl`, [
    convBn(reduce3x3dbl, `${name}_3x3dbl_1x3`, 384, 1, 3),
    convBn(reduce3x3dbl, `${name}_3x3dbl_3x1`, 384, 3, 1),
  ]);
  return concat(name, [branch1x1, branch3x3, branch3x3dbl, averagePoolBranch(x, `${name}_pool_proj`, 192)]);
}

/**
 * Inception-v3 exactly as Keras' `InceptionV3(include_top=True)` defines it (convolutions
 * without bias, batch norm without scale, ε = 1e-3; global average pool, dense classifier; no
 * auxiliary head). 23,851,784 parameters (23,817,352 trainable) at 299×299×3 with 1000 classes;
 * accepts 75×75 and up.
 */
export function inceptionV3(options: InceptionV3Options = {}): ClassifierBackEnd {
  const classesActivation = resolveClassesActivation(options.classesActivation);
  const smallInput = options.smallInput ?? false;
  const side = smallInput ? 21 : 75;
  const minimumInput: MinimumInput = { height: side, width: side };
  return {
    kind: 'classifier',
    name: 'inception-v3',
    minimumInput,
    build(input: ImageShape, classes: number): tf.LayersModel {
      validateBuildArguments('inception-v3', input, classes, minimumInput, smallInput ? '' : 'smallInput: true accepts 21×21 and up');
      registerLayers();
      const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'image' });
      let x = convBn(image, 'stem_conv1', 32, 3, 3, { strides: smallInput ? 1 : 2, padding: 'valid' });
      x = convBn(x, 'stem_conv2', 32, 3, 3, { padding: 'valid' });
      x = convBn(x, 'stem_conv3', 64, 3, 3);
      if (!smallInput) x = applyLayer(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'stem_pool1' }), x);
      x = convBn(x, 'stem_conv4', 80, 1, 1, { padding: 'valid' });
      x = convBn(x, 'stem_conv5', 192, 3, 3, { padding: 'valid' });
      x = applyLayer(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'stem_pool2' }), x);
      x = moduleA(x, 'mixed0', 32);
      x = moduleA(x, 'mixed1', 64);
      x = moduleA(x, 'mixed2', 64);
      x = reductionA(x, 'mixed3');
      x = moduleB(x, 'mixed4', 128);
      x = moduleB(x, 'mixed5', 160);
      x = moduleB(x, 'mixed6', 160);
      x = moduleB(x, 'mixed7', 192);
      x = reductionB(x, 'mixed8');
      x = moduleC(x, 'mixed9');
      x = moduleC(x, 'mixed10');
      x = applyLayer(tf.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
      const output = applyLayer(tf.layers.dense({ units: classes, activation: classesActivation, name: 'predictions' }), x);
      return tf.model({ inputs: image, outputs: output, name: 'inception_v3' });
    },
  };
}

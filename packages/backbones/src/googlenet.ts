import type { ClassifierBackEnd, ImageShape } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { applyLayer, ceilMaxPool, paddedConv2d } from './layer-helpers';
import { LocalResponseNormalization } from './layers/local-response-normalization';
import { registerLayers } from './layers/register-layers';
import { type BackboneOptions, type MinimumInput, requireRate, resolveClassesActivation, validateBuildArguments } from './options';

/** Options of {@link googlenet}. */
export interface GoogLeNetOptions extends BackboneOptions {
  /**
   * Adapt to small inputs: conv1 uses stride 1 and the first max pool is left out, so the
   * network downsamples by 8 instead of 32 and accepts 12×12 and up (28×28, 32×32 work)
   * instead of 47×47.
   */
  smallInput?: boolean;
  /**
   * For training from scratch: every convolution is followed by batch normalisation (the
   * convolution then has no bias) and the two LRN layers are left out, as in BN-Inception.
   */
  batchNorm?: boolean;
  /** Dropout rate before the classifier (default 0.4, as in the paper). */
  dropout?: number;
}

/** Filter counts of one inception module, in Table 1's column order. */
interface InceptionFilters {
  readonly name: string;
  readonly branch1x1: number;
  readonly reduce3x3: number;
  readonly branch3x3: number;
  readonly reduce5x5: number;
  readonly branch5x5: number;
  readonly poolProjection: number;
}

function module(name: string, ...counts: [number, number, number, number, number, number]): InceptionFilters {
  const [branch1x1, reduce3x3, branch3x3, reduce5x5, branch5x5, poolProjection] = counts;
  return { name, branch1x1, reduce3x3, branch3x3, reduce5x5, branch5x5, poolProjection };
}

// Szegedy et al. 2015, Table 1.
const STAGE3 = [module('3a', 64, 96, 128, 16, 32, 32), module('3b', 128, 128, 192, 32, 96, 64)];
const STAGE4 = [
  module('4a', 192, 96, 208, 16, 48, 64),
  module('4b', 160, 112, 224, 24, 64, 64),
  module('4c', 128, 128, 256, 24, 64, 64),
  module('4d', 112, 144, 288, 32, 64, 64),
  module('4e', 256, 160, 320, 32, 128, 128),
];
const STAGE5 = [module('5a', 256, 160, 320, 32, 128, 128), module('5b', 384, 192, 384, 48, 128, 128)];

/**
 * GoogLeNet (Inception v1) per Szegedy et al. 2015, Table 1, with the BVLC Caffe layer layout
 * and names: 7×7/2 stem, LRN, 1×1 and 3×3 convolutions, LRN, nine inception modules with
 * ceil-mode 3×3/2 max pools between stages, global average pool, dropout 0.4 and the main
 * classifier (the auxiliary heads are not built). 6,998,552 parameters at 224×224×3 with 1000
 * classes; accepts 47×47 and up.
 */
export function googlenet(options: GoogLeNetOptions = {}): ClassifierBackEnd {
  const classesActivation = resolveClassesActivation(options.classesActivation);
  const smallInput = options.smallInput ?? false;
  const batchNorm = options.batchNorm ?? false;
  const dropout = requireRate('dropout', options.dropout ?? 0.4);
  const side = smallInput ? 12 : 47;
  const minimumInput: MinimumInput = { height: side, width: side };

  const conv = (x: tf.SymbolicTensor, name: string, filters: number, kernelSize: number, strides = 1): tf.SymbolicTensor => {
    let y = paddedConv2d(x, { name, filters, kernelSize, strides, padding: (kernelSize - 1) / 2, useBias: !batchNorm });
    if (batchNorm) y = applyLayer(tf.layers.batchNormalization({ epsilon: 1e-3, name: `${name}_bn` }), y);
    return applyLayer(tf.layers.reLU({ name: `${name}_relu` }), y);
  };
  const localResponseNorm = (x: tf.SymbolicTensor, name: string): tf.SymbolicTensor =>
    batchNorm ? x : applyLayer(new LocalResponseNormalization({ name, size: 5, alpha: 1e-4, beta: 0.75 }), x);
  const inception = (x: tf.SymbolicTensor, filters: InceptionFilters): tf.SymbolicTensor => {
    const prefix = `inception_${filters.name}`;
    const branch1x1 = conv(x, `${prefix}_1x1`, filters.branch1x1, 1);
    const branch3x3 = conv(conv(x, `${prefix}_3x3_reduce`, filters.reduce3x3, 1), `${prefix}_3x3`, filters.branch3x3, 3);
    const branch5x5 = conv(conv(x, `${prefix}_5x5_reduce`, filters.reduce5x5, 1), `${prefix}_5x5`, filters.branch5x5, 5);
    const pooled = applyLayer(tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same', name: `${prefix}_pool` }), x);
    const branchPool = conv(pooled, `${prefix}_pool_proj`, filters.poolProjection, 1);
    return applyLayer(tf.layers.concatenate({ axis: 3, name: `${prefix}_output` }), [branch1x1, branch3x3, branch5x5, branchPool]);
  };

  return {
    kind: 'classifier',
    name: 'googlenet',
    minimumInput,
    build(input: ImageShape, classes: number): tf.LayersModel {
      validateBuildArguments('googlenet', input, classes, minimumInput, smallInput ? '' : 'smallInput: true accepts 12×12 and up');
      registerLayers();
      const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'image' });
      let x = conv(image, 'conv1_7x7', 64, 7, smallInput ? 1 : 2);
      if (!smallInput) x = ceilMaxPool(x, { name: 'pool1_3x3_s2', poolSize: 3, strides: 2 });
      x = localResponseNorm(x, 'pool1_norm1');
      x = conv(x, 'conv2_3x3_reduce', 64, 1);
      x = conv(x, 'conv2_3x3', 192, 3);
      x = localResponseNorm(x, 'conv2_norm2');
      x = ceilMaxPool(x, { name: 'pool2_3x3_s2', poolSize: 3, strides: 2 });
      for (const filters of STAGE3) x = inception(x, filters);
      x = ceilMaxPool(x, { name: 'pool3_3x3_s2', poolSize: 3, strides: 2 });
      for (const filters of STAGE4) x = inception(x, filters);
      x = ceilMaxPool(x, { name: 'pool4_3x3_s2', poolSize: 3, strides: 2 });
      for (const filters of STAGE5) x = inception(x, filters);
      x = applyLayer(tf.layers.globalAveragePooling2d({ name: 'pool5_7x7_s1' }), x);
      if (dropout > 0) x = applyLayer(tf.layers.dropout({ rate: dropout, name: 'pool5_drop' }), x);
      const output = applyLayer(
        tf.layers.dense({ units: classes, activation: classesActivation, name: 'loss3_classifier' }),
        x,
      );
      return tf.model({ inputs: image, outputs: output, name: 'googlenet' });
    },
  };
}

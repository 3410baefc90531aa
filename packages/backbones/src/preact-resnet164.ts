import type { ClassifierBackEnd, ImageShape } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { applyLayer, heFanOut, paddedConv2d } from './layer-helpers';
import { type BackboneOptions, type MinimumInput, resolveClassesActivation, validateBuildArguments } from './options';

/** Options of {@link preactResnet164}. */
export type PreactResNet164Options = BackboneOptions;

const STAGES = [
  { width: 16, filters: 64, stride: 1 },
  { width: 32, filters: 128, stride: 2 },
  { width: 64, filters: 256, stride: 2 },
] as const;
const BLOCKS_PER_STAGE = 18;
const BATCH_NORM = { epsilon: 1e-5, momentum: 0.9 } as const;

function preActivation(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  const y = applyLayer(tf.layers.batchNormalization({ ...BATCH_NORM, name }), x);
  return applyLayer(tf.layers.reLU(), y);
}

function conv(x: tf.SymbolicTensor, name: string, filters: number, kernelSize: number, strides = 1): tf.SymbolicTensor {
  return paddedConv2d(x, { name, filters, kernelSize, strides, padding: (kernelSize - 1) / 2, useBias: false, kernelInitializer: heFanOut() });
}

function bottleneck(x: tf.SymbolicTensor, width: number, filters: number, stride: number, prefix: string): tf.SymbolicTensor {
  const activated = preActivation(x, `${prefix}_bn1`);
  // The projection shortcut sees the pre-activated input (He et al. 2016, "Identity Mappings").
  const shortcut = stride !== 1 || x.shape[3] !== filters ? conv(activated, `${prefix}_shortcut`, filters, 1, stride) : x;
  let y = conv(activated, `${prefix}_conv1`, width, 1);
  y = conv(preActivation(y, `${prefix}_bn2`), `${prefix}_conv2`, width, 3, stride);
  y = conv(preActivation(y, `${prefix}_bn3`), `${prefix}_conv3`, filters, 1);
  return applyLayer(tf.layers.add(), [y, shortcut]);
}

/**
 * Pre-activation bottleneck ResNet-164 (He et al. 2016) for CIFAR-sized images: a 3×3 16-channel
 * stem, three stages of 18 BN-ReLU-conv bottleneck blocks with 64/128/256 output channels
 * (strides 1/2/2), final BN-ReLU, global average pool, dense. It is a small-input design already
 * (28×28, 32×32 work as is): it downsamples by 4 and accepts inputs from 4×4.
 * 1,703,258 trainable parameters for 10 classes (1,726,388 for 100).
 */
export function preactResnet164(options: PreactResNet164Options = {}): ClassifierBackEnd {
  const classesActivation = resolveClassesActivation(options.classesActivation);
  const minimumInput: MinimumInput = { height: 4, width: 4 };
  return {
    kind: 'classifier',
    name: 'preact-resnet164',
    minimumInput,
    build(input: ImageShape, classes: number): tf.LayersModel {
      validateBuildArguments('preact-resnet164', input, classes, minimumInput);
      const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'image' });
      let x = conv(image, 'conv1', 16, 3);
      STAGES.forEach(({ width, filters, stride }, stage) => {
        for (let block = 0; block < BLOCKS_PER_STAGE; block++) {
          x = bottleneck(x, width, filters, block === 0 ? stride : 1, `stage${stage + 1}_${block}`);
        }
      });
      x = preActivation(x, 'final_bn');
      x = applyLayer(tf.layers.globalAveragePooling2d({ name: 'avgpool' }), x);
      const output = applyLayer(tf.layers.dense({ units: classes, activation: classesActivation, name: 'fc' }), x);
      return tf.model({ inputs: image, outputs: output, name: 'preact_resnet164' });
    },
  };
}

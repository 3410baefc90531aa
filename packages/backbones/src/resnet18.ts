import type { ClassifierBackEnd, ImageShape } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { applyLayer, heFanOut, paddedConv2d } from './layer-helpers';
import { type BackboneOptions, type MinimumInput, resolveClassesActivation, validateBuildArguments } from './options';

/** Options of {@link resnet18}. */
export interface ResNet18Options extends BackboneOptions {
  /**
   * Adapt to small (e.g. 28×28 or 32×32) inputs: the 7×7 stride-2 stem and its max pool are
   * replaced by one 3×3 stride-1 convolution (the usual CIFAR variant), so the network
   * downsamples by 8 instead of 32. The minimum input becomes 8×8 instead of 32×32.
   */
  smallInput?: boolean;
}

const STAGES = [64, 128, 256, 512] as const;
const BATCH_NORM = { epsilon: 1e-5, momentum: 0.9 } as const;

function batchNormRelu(x: tf.SymbolicTensor, name: string, relu = true): tf.SymbolicTensor {
  const y = applyLayer(tf.layers.batchNormalization({ ...BATCH_NORM, name }), x);
  return relu ? applyLayer(tf.layers.reLU(), y) : y;
}

function basicBlock(x: tf.SymbolicTensor, filters: number, stride: number, prefix: string): tf.SymbolicTensor {
  const inChannels = x.shape[3];
  let y = paddedConv2d(x, { name: `${prefix}_conv1`, filters, kernelSize: 3, strides: stride, padding: 1, useBias: false, kernelInitializer: heFanOut() });
  y = batchNormRelu(y, `${prefix}_bn1`);
  y = paddedConv2d(y, { name: `${prefix}_conv2`, filters, kernelSize: 3, padding: 1, useBias: false, kernelInitializer: heFanOut() });
  y = batchNormRelu(y, `${prefix}_bn2`, false);
  let shortcut = x;
  if (stride !== 1 || inChannels !== filters) {
    shortcut = paddedConv2d(x, { name: `${prefix}_downsample_0`, filters, kernelSize: 1, strides: stride, padding: 0, useBias: false, kernelInitializer: heFanOut() });
    shortcut = batchNormRelu(shortcut, `${prefix}_downsample_1`, false);
  }
  return applyLayer(tf.layers.reLU(), applyLayer(tf.layers.add(), [y, shortcut]));
}

/**
 * ResNet-18 in torchvision's layout (7×7/2 stem, 3×3/2 max pool, four stages of two basic
 * blocks with 64/128/256/512 channels, 1×1 projection shortcuts, global average pool, fc).
 * Layer names follow torchvision's state-dict keys with '.' → '_' (e.g. `layer2_0_downsample_0`).
 * 11,689,512 trainable parameters at 224×224×3 with 1000 classes.
 */
export function resnet18(options: ResNet18Options = {}): ClassifierBackEnd {
  const classesActivation = resolveClassesActivation(options.classesActivation);
  const smallInput = options.smallInput ?? false;
  const side = smallInput ? 8 : 32;
  const minimumInput: MinimumInput = { height: side, width: side };
  return {
    kind: 'classifier',
    name: 'resnet18',
    minimumInput,
    build(input: ImageShape, classes: number): tf.LayersModel {
      validateBuildArguments('resnet18', input, classes, minimumInput, smallInput ? '' : 'smallInput: true accepts 8×8 and up');
      const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'image' });
      let x: tf.SymbolicTensor;
      if (smallInput) {
        x = paddedConv2d(image, { name: 'conv1', filters: 64, kernelSize: 3, padding: 1, useBias: false, kernelInitializer: heFanOut() });
        x = batchNormRelu(x, 'bn1');
      } else {
        x = paddedConv2d(image, { name: 'conv1', filters: 64, kernelSize: 7, strides: 2, padding: 3, useBias: false, kernelInitializer: heFanOut() });
        x = batchNormRelu(x, 'bn1');
        // Zero padding equals PyTorch's -inf padding here because the input is post-ReLU.
        x = applyLayer(tf.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: 'maxpool_pad' }), x);
        x = applyLayer(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: 'maxpool' }), x);
      }
      STAGES.forEach((filters, stage) => {
        for (let block = 0; block < 2; block++) {
          const stride = stage > 0 && block === 0 ? 2 : 1;
          x = basicBlock(x, filters, stride, `layer${stage + 1}_${block}`);
        }
      });
      x = applyLayer(tf.layers.globalAveragePooling2d({ name: 'avgpool' }), x);
      const output = applyLayer(tf.layers.dense({ units: classes, activation: classesActivation, name: 'fc' }), x);
      return tf.model({ inputs: image, outputs: output, name: 'resnet18' });
    },
  };
}

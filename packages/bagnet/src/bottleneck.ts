import * as tf from '@tensorflow/tfjs';

/** Options of one BagNet bottleneck block. */
export interface BottleneckOptions {
  /** Layer-name prefix, e.g. `layer2_0` (PyTorch state-dict style). */
  name: string;
  /** Bottleneck width; the block outputs 4 × planes channels. */
  planes: number;
  /** Kernel size of the middle (un-padded) convolution: 1 or 3. */
  kernel: number;
  /** Stride of the middle convolution and of the projection shortcut. */
  stride: number;
  /** Returns a seed for each initializer (undefined = random). */
  nextSeed: () => number | undefined;
}

/** Convolution initialiser of the original BagNet: N(0, sqrt(2 / (k·k·out))), no truncation. */
export function bagnetConvInitializer(kernel: number, filters: number, seed: number | undefined): ReturnType<typeof tf.initializers.randomNormal> {
  return tf.initializers.randomNormal({ mean: 0, stddev: Math.sqrt(2 / (kernel * kernel * filters)), seed });
}

/** Un-padded, bias-free convolution as in the original BagNet. */
export function bagnetConv(name: string, filters: number, kernel: number, stride: number, seed: number | undefined): tf.layers.Layer {
  return tf.layers.conv2d({
    name,
    filters,
    kernelSize: kernel,
    strides: stride,
    padding: 'valid',
    useBias: false,
    kernelInitializer: bagnetConvInitializer(kernel, filters, seed),
  });
}

/** Batch norm with PyTorch's defaults (momentum 0.1 there = 0.9 here, epsilon 1e-5), gamma 1, beta 0. */
export function bagnetBatchNorm(name: string, momentum = 0.9): tf.layers.Layer {
  return tf.layers.batchNormalization({
    name,
    axis: -1,
    momentum,
    epsilon: 1e-5,
    gammaInitializer: 'ones',
    betaInitializer: 'zeros',
  });
}

const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor =>
  layer.apply(x) as tf.SymbolicTensor;

/**
 * Appends a BagNet bottleneck: 1×1 → k×k (valid, stride s) → 1×1 ×4, plus an identity or 1×1
 * projection shortcut cropped at the bottom/right to the main path's size, added, then ReLU.
 */
export function bottleneck(input: tf.SymbolicTensor, options: BottleneckOptions): tf.SymbolicTensor {
  const { name, planes, kernel, stride, nextSeed } = options;
  const inputChannels = input.shape[3] as number;
  const outputChannels = planes * 4;

  let x = apply(bagnetConv(`${name}_conv1`, planes, 1, 1, nextSeed()), input);
  x = apply(bagnetBatchNorm(`${name}_bn1`), x);
  x = apply(tf.layers.reLU({ name: `${name}_relu1` }), x);
  x = apply(bagnetConv(`${name}_conv2`, planes, kernel, stride, nextSeed()), x);
  x = apply(bagnetBatchNorm(`${name}_bn2`), x);
  x = apply(tf.layers.reLU({ name: `${name}_relu2` }), x);
  x = apply(bagnetConv(`${name}_conv3`, outputChannels, 1, 1, nextSeed()), x);
  x = apply(bagnetBatchNorm(`${name}_bn3`), x);

  let shortcut = input;
  if (stride !== 1 || inputChannels !== outputChannels) {
    shortcut = apply(bagnetConv(`${name}_downsample_conv`, outputChannels, 1, stride, nextSeed()), shortcut);
    shortcut = apply(bagnetBatchNorm(`${name}_downsample_bn`), shortcut);
  }
  const cropRows = (shortcut.shape[1] as number) - (x.shape[1] as number);
  const cropColumns = (shortcut.shape[2] as number) - (x.shape[2] as number);
  if (cropRows > 0 || cropColumns > 0) {
    shortcut = apply(
      tf.layers.cropping2D({ name: `${name}_crop`, cropping: [[0, cropRows], [0, cropColumns]] }),
      shortcut,
    );
  }
  x = apply(tf.layers.add({ name: `${name}_add` }), [x, shortcut]);
  return apply(tf.layers.reLU({ name: `${name}_relu` }), x);
}

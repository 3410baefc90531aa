import * as tf from '@tensorflow/tfjs';

/** A TF.js weight initialiser instance. */
export type KernelInitializer = ReturnType<typeof tf.initializers.heNormal>;

/** Applies a layer to one symbolic tensor (the functional API's untyped `apply`, narrowed). */
export function applyLayer(layer: tf.layers.Layer, input: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(input) as tf.SymbolicTensor;
}

/** Spatial size of a symbolic NHWC tensor built with a known input size. */
export function spatialSize(x: tf.SymbolicTensor): [number, number] {
  const [, height, width] = x.shape;
  if (typeof height !== 'number' || typeof width !== 'number') {
    throw new Error(`internal: expected a static spatial shape, got [${x.shape.join(', ')}]`);
  }
  return [height, width];
}

/**
 * PyTorch/Caffe-style convolution: symmetric zero padding of `padding` pixels, then a 'valid'
 * convolution, so strided layers sample the same positions as the reference implementation
 * (TF's 'same' padding is asymmetric for stride 2).
 */
export function paddedConv2d(
  x: tf.SymbolicTensor,
  config: {
    name: string;
    filters: number;
    kernelSize: number;
    strides?: number;
    padding: number;
    useBias: boolean;
    kernelInitializer?: KernelInitializer;
  },
): tf.SymbolicTensor {
  const strides = config.strides ?? 1;
  const { padding } = config;
  let y = x;
  if (padding > 0) {
    y = applyLayer(tf.layers.zeroPadding2d({ padding: [[padding, padding], [padding, padding]], name: `${config.name}_pad` }), y);
  }
  return applyLayer(
    tf.layers.conv2d({
      name: config.name,
      filters: config.filters,
      kernelSize: config.kernelSize,
      strides,
      padding: 'valid',
      useBias: config.useBias,
      ...(config.kernelInitializer ? { kernelInitializer: config.kernelInitializer } : {}),
    }),
    y,
  );
}

/**
 * Caffe max pooling (ceil mode: a last, partial window is kept). Implemented as zero padding on
 * the bottom/right plus 'valid' pooling, which equals Caffe's clipped windows because every call
 * site pools non-negative (post-ReLU) activations.
 */
export function ceilMaxPool(
  x: tf.SymbolicTensor,
  config: { name: string; poolSize: number; strides: number },
): tf.SymbolicTensor {
  const { poolSize, strides } = config;
  const [height, width] = spatialSize(x);
  const extra = (side: number): number => {
    const outputs = Math.ceil((side - poolSize) / strides) + 1;
    return Math.max(0, (outputs - 1) * strides + poolSize - side);
  };
  const bottom = extra(height);
  const right = extra(width);
  let y = x;
  if (bottom > 0 || right > 0) {
    y = applyLayer(tf.layers.zeroPadding2d({ padding: [[0, bottom], [0, right]], name: `${config.name}_pad` }), y);
  }
  return applyLayer(tf.layers.maxPooling2d({ poolSize, strides, padding: 'valid', name: config.name }), y);
}

/** He (Kaiming) normal initialisation with fan-out, as torchvision initialises ResNet convolutions. */
export function heFanOut(): KernelInitializer {
  return tf.initializers.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'normal' });
}

import type { ClassifierBackEnd, ImageShape, SrFrontEnd } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Test-only SR front end: nearest up-sampling plus a learned 3×3 residual conv. */
export function tinySr(scale: number): SrFrontEnd {
  return {
    kind: 'sr',
    name: 'tiny-sr',
    scale,
    build(input: ImageShape) {
      const image = tf.input({ shape: [input.height, input.width, input.channels] });
      const up = tf.layers.upSampling2d({ size: [scale, scale] }).apply(image) as tf.SymbolicTensor;
      const residual = tf.layers.conv2d({ filters: input.channels, kernelSize: 3, padding: 'same', name: 'refine' }).apply(up) as tf.SymbolicTensor;
      return tf.model({ inputs: image, outputs: tf.layers.add().apply([up, residual]) as tf.SymbolicTensor });
    },
  };
}

/** Test-only classifier: a strided conv and a softmax dense layer. */
export const tinyClassifier: ClassifierBackEnd = {
  kind: 'classifier',
  name: 'tiny-classifier',
  build(input: ImageShape, classes: number) {
    const image = tf.input({ shape: [input.height, input.width, input.channels] });
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, activation: 'relu' }).apply(image) as tf.SymbolicTensor;
    const flat = tf.layers.flatten().apply(conv) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: classes, activation: 'softmax' }).apply(flat) as tf.SymbolicTensor;
    return tf.model({ inputs: image, outputs: out });
  },
};

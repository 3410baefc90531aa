import type { ClassifierBackEnd, ImageShape, SrFrontEnd } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '@lowres/datasets';
import { createRng } from '@lowres/core';

/** Test-only SR front end: nearest up-sampling followed by a 3×3 residual conv named 'refine'. */
export function tinySr(scale = 2): SrFrontEnd {
  return {
    kind: 'sr',
    name: 'tiny-sr',
    scale,
    build(input: ImageShape) {
      const image = tf.input({ shape: [input.height, input.width, input.channels] });
      const up = tf.layers.upSampling2d({ size: [scale, scale] }).apply(image) as tf.SymbolicTensor;
      const refined = tf.layers
        .conv2d({ filters: input.channels, kernelSize: 3, padding: 'same', name: 'refine' })
        .apply(up) as tf.SymbolicTensor;
      const out = tf.layers.add().apply([up, refined]) as tf.SymbolicTensor;
      return tf.model({ inputs: image, outputs: out });
    },
  };
}

/** Test-only classifier: conv → batch norm → max pool → flatten → dropout → softmax dense 'head'. */
export const tinyClassifier: ClassifierBackEnd = {
  kind: 'classifier',
  name: 'tiny-classifier',
  build(input: ImageShape, classes: number) {
    const image = tf.input({ shape: [input.height, input.width, input.channels] });
    let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'features' }).apply(image) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: 'norm' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
    x = tf.layers.dropout({ rate: 0.2 }).apply(x) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: classes, activation: 'softmax', name: 'head' }).apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: image, outputs: out });
  },
};

/** A small learnable dataset: class k has a bright square in quadrant k (plus seeded noise). */
export function quadrantDataset(count: number, size = 8, seed = 1, channels = 1): ImageDataset {
  const rng = createRng(seed);
  const images = new Uint8Array(count * size * size * channels);
  const labels = new Uint8Array(count);
  const half = size / 2;
  for (let n = 0; n < count; n++) {
    const label = n % 4;
    labels[n] = label;
    const top = label < 2 ? 0 : half;
    const left = label % 2 === 0 ? 0 : half;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = y >= top && y < top + half && x >= left && x < left + half;
        for (let c = 0; c < channels; c++) {
          images[((n * size + y) * size + x) * channels + c] = Math.min(255, (inside ? 180 : 20) + rng.int(60));
        }
      }
    }
  }
  return { images, labels, count, height: size, width: size, channels, classes: 4 };
}

import type { ImageShape } from '@lowres/core';
import { createRegistry, definePlugin, identitySr } from '@lowres/trainer';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

/** Throws wasm's allocation failure when a training forward pass sees more than 4 images. */
class HeapLimit extends tf.layers.Layer {
  static className = 'CliHeapLimitForTest';
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training === true && x.shape[0]! > 4) throw new RangeError('Invalid typed array length: 4718592000');
    return x.clone();
  }
}

/** conv (width filters) → batch norm → optional hidden dense → softmax; `limited` adds a 4-image heap. */
function classifier(name: string, { limited = false, hidden = 0 } = {}) {
  return definePlugin({
    description: `test classifier '${name}'`,
    options: z.strictObject({ width: z.number().int().positive().optional() }),
    create: (options) => ({
      kind: 'classifier' as const,
      name,
      build(input: ImageShape, classes: number) {
        const image = tf.input({ shape: [input.height, input.width, input.channels] });
        let x = limited ? (new HeapLimit({}).apply(image) as tf.SymbolicTensor) : image;
        x = tf.layers.conv2d({ filters: options.width ?? 4, kernelSize: 3, strides: 2, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
        x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
        x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
        if (hidden > 0) x = tf.layers.dense({ units: hidden, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
        const out = tf.layers.dense({ units: classes, activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
        return tf.model({ inputs: image, outputs: out });
      },
    }),
  });
}

/**
 * Test plugins of the run-directory and error tests: 'normed' (batch norm, option `width`),
 * 'limited' (fails like a full wasm heap above 4 images per pass) and 'wide' (a checkpoint of several MB).
 */
export const runRegistry = createRegistry({
  sr: { none: identitySr },
  classifiers: { normed: classifier('normed'), limited: classifier('limited', { limited: true }), wide: classifier('wide', { hidden: 2048 }) },
});

import type { ImageShape, SrFrontEnd } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** The 'none' front end: passes images through unchanged (scale 1, no parameters). */
export const identitySr: SrFrontEnd = {
  kind: 'sr',
  name: 'none',
  scale: 1,
  build(input: ImageShape): tf.LayersModel {
    const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'none_input' });
    const output = tf.layers.activation({ activation: 'linear', name: 'none_identity' }).apply(image) as tf.SymbolicTensor;
    return tf.model({ inputs: image, outputs: output, name: 'none' });
  },
};

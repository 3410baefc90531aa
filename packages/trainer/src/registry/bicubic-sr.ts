import { type ImageShape, type SrFrontEnd, requirePositiveInteger } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { BicubicResize, registerLayers } from './bicubic-layer';

/** Options of {@link bicubicSr}. */
export interface BicubicSrOptions {
  /** Integer up-scaling factor (default 2). */
  scale?: number;
}

/** The 'bicubic' front end: parameter-free MATLAB-exact bicubic up-scaling by `scale`. */
export function bicubicSr(options: BicubicSrOptions = {}): SrFrontEnd {
  const scale = options.scale ?? 2;
  requirePositiveInteger('scale', scale);
  return {
    kind: 'sr',
    name: 'bicubic',
    scale,
    build(input: ImageShape): tf.LayersModel {
      registerLayers();
      const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'bicubic_input' });
      const layer = new BicubicResize({
        outputHeight: input.height * scale,
        outputWidth: input.width * scale,
        name: 'bicubic_resize',
      });
      return tf.model({ inputs: image, outputs: layer.apply(image) as tf.SymbolicTensor, name: 'bicubic' });
    },
  };
}

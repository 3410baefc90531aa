import { type ImageShape, imresize } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import type { FloatImage } from './classify';

/**
 * Turns any RGBA picture (a dropped photo, read through a canvas) into the pipeline's input: grey
 * when it takes one channel (ITU-R 601 luma), then MATLAB-bicubic resized with antialiasing, as
 * the training images were made low resolution.
 */
export function pictureToInput(rgba: Uint8ClampedArray, width: number, height: number, input: ImageShape): FloatImage {
  const pixels = tf.tidy(() => {
    const picture = tf.tensor3d(Float32Array.from(rgba), [height, width, 4]).slice([0, 0, 0], [height, width, 3]).div(255);
    const colour = input.channels === 1 ? picture.mul(tf.tensor1d([0.299, 0.587, 0.114])).sum(2, true) : picture;
    const resized = imresize(colour.expandDims(0) as tf.Tensor4D, { size: [input.height, input.width], method: 'bicubic', antialias: true });
    return resized.clipByValue(0, 1).dataSync() as Float32Array;
  });
  return { height: input.height, width: input.width, channels: input.channels, pixels: Float32Array.from(pixels) };
}

/** A float image as canvas RGBA bytes (grey images repeat their one channel). */
export function imageToRgba(image: FloatImage): Uint8ClampedArray {
  const { height, width, channels, pixels } = image;
  const rgba = new Uint8ClampedArray(height * width * 4);
  for (let i = 0; i < height * width; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = Math.round(pixels[i * channels + (channels === 1 ? 0 : c)]! * 255);
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

import { encodePng } from '@lowres/metrics';
import type * as tf from '@tensorflow/tfjs';
import { type RenderWeightMapOptions, weightMapPixels } from './weight-map-pixels';

export type { RenderWeightMapOptions } from './weight-map-pixels';

/** Encodes one weight map as an 8-bit PNG (grey for one channel, RGB for three); see {@link weightMapPixels}. */
export function renderWeightMapPng(map: tf.Tensor, options: RenderWeightMapOptions = {}): Buffer {
  const { width, height, channels, pixels } = weightMapPixels(map, options);
  const png = encodePng(pixels, width, height, channels);
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}

import { InvalidArgumentError, ShapeMismatchError } from '@lowres/core';
import type * as tf from '@tensorflow/tfjs';

/** Options of {@link weightMapPixels}. */
export interface RenderWeightMapOptions {
  /**
   * Map values drawn as black and white. Default: [0, 1] when every value lies in [0, 1] (binary and
   * normalised maps), otherwise the map's own [min, max] (signed initial maps).
   */
  range?: [number, number];
}

/** 8-bit pixels of one weight map, interleaved, rows top to bottom. */
export interface WeightMapPixels {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
}

/**
 * Draws one weight map ([H,W], [H,W,C] or [1,H,W,C] with C = 1 or 3) as 8-bit pixels, grey for one
 * channel and RGB for three: value v becomes round(255·(v − low)/(high − low)), clipped to 0…255.
 */
export function weightMapPixels(map: tf.Tensor, options: RenderWeightMapOptions = {}): WeightMapPixels {
  const { height, width, channels } = mapLayout(map);
  const values = map.dataSync();
  const [low, high] = options.range ?? defaultRange(values);
  if (!Number.isFinite(low) || !Number.isFinite(high) || high < low) {
    throw new InvalidArgumentError('range', `expected finite [low, high] with low ≤ high, got [${low}, ${high}]`);
  }
  const span = high - low;
  const pixels = new Uint8Array(values.length);
  values.forEach((value, index) => {
    const level = span === 0 ? (value >= high ? 1 : 0) : (value - low) / span;
    pixels[index] = Math.round(Math.min(1, Math.max(0, level)) * 255);
  });
  return { width, height, channels, pixels };
}

function mapLayout(map: tf.Tensor): { height: number; width: number; channels: 1 | 3 } {
  const shape = map?.shape ?? [];
  const squeezed = shape.length === 4 && shape[0] === 1 ? shape.slice(1) : shape;
  const [height, width, channels = 1] = squeezed;
  const valid = (squeezed.length === 2 || squeezed.length === 3) && height! > 0 && width! > 0;
  if (!valid || (channels !== 1 && channels !== 3)) {
    throw new ShapeMismatchError('map', '[H,W], [H,W,C] or [1,H,W,C] with C = 1 or 3', shape);
  }
  return { height: height!, width: width!, channels: channels as 1 | 3 };
}

function defaultRange(values: ArrayLike<number>): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < values.length; index++) {
    low = Math.min(low, values[index]!);
    high = Math.max(high, values[index]!);
  }
  return low >= 0 && high <= 1 ? [0, 1] : [low, high];
}

import { requirePositiveInteger } from '../util/require-positive-integer';
import { InvalidArgumentError } from '../errors';
import { type ResizeOptions, planResize } from './resize-plan';
import { type ResizeWeights, resizeWeights } from './resize-weights';

/** Pixel buffers {@link imresizePixels} accepts: uint8 (MATLAB uint8 semantics) or float. */
export type PixelArray = Uint8Array | Float32Array | Float64Array;

/** Layout of a pixel buffer: `count` images of height×width×channels, NHWC, row-major. */
export interface PixelLayout {
  count?: number;
  height: number;
  width: number;
  channels: number;
}

/** Result of {@link imresizePixels}: the same array type as the input, and the new size. */
export interface ResizedPixels<T extends PixelArray> {
  pixels: T;
  height: number;
  width: number;
}

/** One separable pass along an axis of length w.inLength, with `outer` blocks of `inner` contiguous values. */
function resizeAxis(
  input: ArrayLike<number>,
  output: Float64Array,
  w: ResizeWeights,
  outer: number,
  inner: number,
): void {
  const { inLength, outLength, taps, weights, indices } = w;
  for (let block = 0; block < outer; block++) {
    const inBase = block * inLength * inner;
    const outBase = block * outLength * inner;
    for (let o = 0; o < outLength; o++) {
      const row = outBase + o * inner;
      for (let i = 0; i < inner; i++) output[row + i] = 0;
      for (let k = 0; k < taps; k++) {
        const weight = weights[o * taps + k] as number;
        if (weight === 0) continue;
        const source = inBase + (indices[o * taps + k] as number) * inner;
        for (let i = 0; i < inner; i++) {
          output[row + i] = (output[row + i] as number) + weight * (input[source + i] as number);
        }
      }
    }
  }
}

/** MATLAB's double→uint8 conversion: clip to [0, 255], round half away from zero. */
function toUint8(values: Float64Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.floor(v + 0.5);
  }
  return out;
}

/**
 * MATLAB-exact bicubic imresize on plain arrays in float64 (no tensors). A Uint8Array is rounded
 * and clipped to uint8 after each pass, exactly as MATLAB does for uint8 images; float arrays
 * are not clipped.
 */
export function imresizePixels<T extends PixelArray>(
  pixels: T,
  layout: PixelLayout,
  options: ResizeOptions,
): ResizedPixels<T> {
  const { height, width, channels, count = 1 } = layout;
  for (const [name, value] of Object.entries({ height, width, channels, count })) {
    requirePositiveInteger(`layout.${name}`, value);
  }
  if (pixels.length !== count * height * width * channels) {
    throw new InvalidArgumentError(
      'pixels',
      `expected ${count}×${height}×${width}×${channels} = ${count * height * width * channels} values, got ${pixels.length}`,
    );
  }
  const plan = planResize(height, width, options);
  const isUint8 = pixels instanceof Uint8Array;
  let current: ArrayLike<number> = pixels;
  let h = height;
  let w = width;
  for (const axis of plan.order) {
    if (axis === 'height') {
      const weights = resizeWeights(h, plan.outHeight, plan.scaleHeight, plan.antialias);
      const out = new Float64Array(count * plan.outHeight * w * channels);
      resizeAxis(current, out, weights, count, w * channels);
      h = plan.outHeight;
      current = isUint8 ? toUint8(out) : out;
    } else {
      const weights = resizeWeights(w, plan.outWidth, plan.scaleWidth, plan.antialias);
      const out = new Float64Array(count * h * plan.outWidth * channels);
      resizeAxis(current, out, weights, count * h, channels);
      w = plan.outWidth;
      current = isUint8 ? toUint8(out) : out;
    }
  }
  let result: PixelArray;
  if (isUint8) result = current instanceof Uint8Array ? current : toUint8(Float64Array.from(current));
  else if (pixels instanceof Float32Array) result = Float32Array.from(current);
  else result = Float64Array.from(current);
  return { pixels: result as T, height: h, width: w };
}

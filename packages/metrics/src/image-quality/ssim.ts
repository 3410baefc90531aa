import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@lowres/core';
import { type ImageQualityOptions, type ImageQualityResult, preparePair, withMean } from './prepare';

/** Side of SSIM's Gaussian window: images (after cropping) need at least this many pixels each way. */
export const SSIM_WINDOW = 11;
const WINDOW = SSIM_WINDOW;
const SIGMA = 1.5;

/** The normalised 1-D Gaussian whose outer product is SSIM's 11×11 window. */
function gaussianTaps(): Float64Array {
  const taps = new Float64Array(WINDOW);
  const centre = (WINDOW - 1) / 2;
  for (let i = 0; i < WINDOW; i += 1) taps[i] = Math.exp(-((i - centre) ** 2) / (2 * SIGMA * SIGMA));
  const total = taps.reduce((sum, value) => sum + value, 0);
  return taps.map((value) => value / total);
}

const TAPS = gaussianTaps();

/** 'valid' separable Gaussian filtering of an h×w plane given by `at(y, x)`. */
function filterValid(at: (y: number, x: number) => number, height: number, width: number): Float64Array {
  const outWidth = width - WINDOW + 1;
  const outHeight = height - WINDOW + 1;
  const rows = new Float64Array(height * outWidth);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < outWidth; x += 1) {
      let sum = 0;
      for (let k = 0; k < WINDOW; k += 1) sum += TAPS[k]! * at(y, x + k);
      rows[y * outWidth + x] = sum;
    }
  }
  const out = new Float64Array(outHeight * outWidth);
  for (let y = 0; y < outHeight; y += 1) {
    for (let x = 0; x < outWidth; x += 1) {
      let sum = 0;
      for (let k = 0; k < WINDOW; k += 1) sum += TAPS[k]! * rows[(y + k) * outWidth + x]!;
      out[y * outWidth + x] = sum;
    }
  }
  return out;
}

/**
 * Structural similarity as BasicSR / scikit-image (gaussian_weights, σ 1.5, population covariance):
 * 11×11 Gaussian window, C1 = (0.01·peak)², C2 = (0.03·peak)², 'valid' filtering, mean of the map,
 * per channel then averaged. Computed in float64; images must be at least 11×11 after cropping.
 */
export function ssim(a: tf.Tensor, b: tf.Tensor, options: ImageQualityOptions = {}): ImageQualityResult {
  const pair = preparePair(a, b, options, 'ssim');
  const { height, width, channels, peak } = pair;
  if (height < WINDOW || width < WINDOW) {
    throw new InvalidArgumentError('a', `ssim: needs at least ${WINDOW}×${WINDOW} pixels after cropping, got ${height}×${width}`);
  }
  const c1 = (0.01 * peak) ** 2;
  const c2 = (0.03 * peak) ** 2;
  const perImage: number[] = [];
  for (let n = 0; n < pair.count; n += 1) {
    let channelSum = 0;
    for (let c = 0; c < channels; c += 1) {
      const index = (y: number, x: number) => ((n * height + y) * width + x) * channels + c;
      const x1 = (y: number, x: number) => pair.a[index(y, x)]!;
      const x2 = (y: number, x: number) => pair.b[index(y, x)]!;
      const mean1 = filterValid(x1, height, width);
      const mean2 = filterValid(x2, height, width);
      const square1 = filterValid((y, x) => x1(y, x) ** 2, height, width);
      const square2 = filterValid((y, x) => x2(y, x) ** 2, height, width);
      const product = filterValid((y, x) => x1(y, x) * x2(y, x), height, width);
      let mapSum = 0;
      for (let i = 0; i < mean1.length; i += 1) {
        const mu1 = mean1[i]!;
        const mu2 = mean2[i]!;
        const variance1 = square1[i]! - mu1 * mu1;
        const variance2 = square2[i]! - mu2 * mu2;
        const covariance = product[i]! - mu1 * mu2;
        mapSum +=
          ((2 * mu1 * mu2 + c1) * (2 * covariance + c2)) / ((mu1 * mu1 + mu2 * mu2 + c1) * (variance1 + variance2 + c2));
      }
      channelSum += mapSum / mean1.length;
    }
    perImage.push(channelSum / channels);
  }
  return withMean(perImage);
}

import type * as tf from '@tensorflow/tfjs';
import { type ImageQualityOptions, type ImageQualityResult, preparePair, withMean } from './prepare';

/**
 * Peak signal-to-noise ratio 10·log10(peak² / MSE) in dB of each image pair (MSE over every pixel
 * and channel after cropping), computed in float64. Identical images give +Infinity.
 */
export function psnr(a: tf.Tensor, b: tf.Tensor, options: ImageQualityOptions = {}): ImageQualityResult {
  const pair = preparePair(a, b, options, 'psnr');
  const size = pair.height * pair.width * pair.channels;
  const perImage: number[] = [];
  for (let n = 0; n < pair.count; n += 1) {
    let sum = 0;
    for (let i = n * size; i < (n + 1) * size; i += 1) {
      const difference = pair.a[i]! - pair.b[i]!;
      sum += difference * difference;
    }
    const meanSquaredError = sum / size;
    perImage.push(meanSquaredError === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((pair.peak * pair.peak) / meanSquaredError));
  }
  return withMean(perImage);
}

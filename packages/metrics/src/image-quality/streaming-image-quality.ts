import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@lowres/core';
import type { ImageQualityOptions } from './prepare';
import { psnr } from './psnr';
import { ssim } from './ssim';

/** Mean PSNR and SSIM over every image added since the last reset. */
export interface ImageQualitySummary {
  readonly images: number;
  /** Mean per-image PSNR in dB (+Infinity if any pair was identical). */
  readonly psnr: number;
  readonly ssim: number;
}

/**
 * PSNR and SSIM averaged per image over many batches (e.g. an SR validation set). Each update reads
 * its batch to the CPU and disposes whatever it created; the caller keeps owning its tensors.
 */
export class StreamingImageQuality {
  private images = 0;
  private psnrSum = 0;
  private ssimSum = 0;

  /** @param options peak, cropBorder and yChannel, as for {@link psnr} and {@link ssim}. */
  constructor(readonly options: ImageQualityOptions = {}) {}

  /** Adds one batch of image pairs ([N,H,W,C] or one [H,W,C]). */
  update(predicted: tf.Tensor, target: tf.Tensor): void {
    const peakSignal = psnr(predicted, target, this.options);
    const similarity = ssim(predicted, target, this.options);
    this.images += peakSignal.perImage.length;
    for (const value of peakSignal.perImage) this.psnrSum += value;
    for (const value of similarity.perImage) this.ssimSum += value;
  }

  /** Means over every image added since the last reset. */
  compute(): ImageQualitySummary {
    if (this.images === 0) throw new InvalidArgumentError('update', 'StreamingImageQuality: compute() called before any image was added');
    return { images: this.images, psnr: this.psnrSum / this.images, ssim: this.ssimSum / this.images };
  }

  /** Forgets every image. */
  reset(): void {
    this.images = 0;
    this.psnrSum = 0;
    this.ssimSum = 0;
  }
}

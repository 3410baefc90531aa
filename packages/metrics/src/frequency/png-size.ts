import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@lowres/core';
import { encodePng } from '../png/encode-png';
import { readImageBatch } from './read-images';

/** Options of {@link pngByteSize}. */
export interface PngSizeOptions {
  /** Value of full intensity in the input: 1 for [0,1] images (default), 255 for [0,255]. */
  peak?: number;
  /** Clip values outside [0, peak] instead of throwing. Default false. */
  clip?: boolean;
}

/** Lossless PNG sizes of an image set. */
export interface PngSize {
  readonly totalBytes: number;
  readonly perImage: number[];
  readonly meanBytes: number;
}

/**
 * Lossless PNG byte size of each image (the HF-weighted SR paper's high-frequency evidence: more
 * detail ⇒ larger files). Pixels are quantised to 8 bits as round(value / peak · 255) and encoded
 * with pngjs at maximum compression (zlib level 9, default strategy, adaptive row filters); 1, 3 or
 * 4 channels become gray, RGB or RGBA PNGs.
 */
export function pngByteSize(images: tf.Tensor, options: PngSizeOptions = {}): PngSize {
  const { peak = 1, clip = false } = options;
  if (!Number.isFinite(peak) || peak <= 0) throw new InvalidArgumentError('peak', `expected a positive finite number, got ${peak}`);
  const batch = readImageBatch(images, 'images');
  const size = batch.height * batch.width * batch.channels;
  const perImage: number[] = [];
  for (let n = 0; n < batch.count; n += 1) {
    const pixels = new Uint8Array(size);
    for (let i = 0; i < size; i += 1) {
      const value = batch.data[n * size + i]!;
      if (Number.isNaN(value)) throw new InvalidArgumentError('images', `image ${n} holds NaN`);
      if (!clip && !(value >= 0 && value <= peak)) {
        throw new InvalidArgumentError('images', `value ${value} of image ${n} lies outside [0, ${peak}]; pass { clip: true } to clip`);
      }
      pixels[i] = Math.round((Math.min(peak, Math.max(0, value)) / peak) * 255);
    }
    perImage.push(encodePng(pixels, batch.width, batch.height, batch.channels).length);
  }
  const totalBytes = perImage.reduce((sum, value) => sum + value, 0);
  return { totalBytes, perImage, meanBytes: totalBytes / perImage.length };
}

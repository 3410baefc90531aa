import { InvalidArgumentError, ShapeMismatchError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';

/** Options of {@link jpegRecompress}. */
export interface JpegOptions {
  /** JPEG quality 1–100. */
  quality: number;
  /** Chroma subsampling of colour images; default '4:2:0' (what most JPEG encoders write). */
  chromaSubsampling?: '4:2:0' | '4:4:4';
}

/**
 * Encodes each image of a float [0,1] batch (1 or 3 channels) as JPEG with sharp and decodes it back.
 * Like saving to any 8-bit file, values are clipped to [0, 1] and rounded to 1/255 steps first.
 */
export async function jpegRecompress(images: tf.Tensor4D, options: JpegOptions): Promise<tf.Tensor4D> {
  if (images.rank !== 4) throw new ShapeMismatchError('jpegRecompress images', '[batch, height, width, channels]', images.shape);
  const [n, height, width, channels] = images.shape;
  if (channels !== 1 && channels !== 3) throw new ShapeMismatchError('jpegRecompress images', '1 or 3 channels', images.shape);
  const { quality, chromaSubsampling = '4:2:0' } = options;
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new InvalidArgumentError('quality', `expected an integer in [1, 100], got ${quality}`);
  }
  const values = await images.data();
  const size = height * width * channels;
  const out = new Float32Array(n * size);
  for (let i = 0; i < n; i++) {
    const bytes = Buffer.alloc(size);
    for (let p = 0; p < size; p++) bytes[p] = Math.round(Math.min(1, Math.max(0, values[i * size + p] as number)) * 255);
    const encoded: Buffer = await sharp(bytes, { raw: { width, height, channels } }).jpeg({ quality, chromaSubsampling }).toBuffer();
    let decoder = sharp(encoded);
    decoder = channels === 1 ? decoder.extractChannel(0) : decoder.removeAlpha().toColourspace('srgb');
    const { data, info } = await decoder.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== channels || info.width !== width || info.height !== height) {
      throw new ShapeMismatchError('decoded JPEG', `[${height}, ${width}, ${channels}]`, [info.height, info.width, info.channels]);
    }
    for (let p = 0; p < size; p++) out[i * size + p] = (data[p] as number) / 255;
  }
  return tf.tensor4d(out, [n, height, width, channels]);
}

import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError, rgbToY } from '@lowres/core';

/** Options of {@link psnr} and {@link ssim}. */
export interface ImageQualityOptions {
  /** Largest possible pixel value: 1 for [0,1] images (the default), 255 for [0,255]. */
  peak?: number;
  /** Pixels removed from every border before measuring (SR papers use the scale factor). Default 0. */
  cropBorder?: number;
  /** Measure the BT.601 luma (MATLAB rgb2ycbcr Y, not rounded) of RGB images. Default false. */
  yChannel?: boolean;
}

/** Per-image values of a batch and their mean (a single [H,W,C] image gives one value). */
export interface ImageQualityResult {
  readonly perImage: number[];
  readonly mean: number;
}

/** Two image batches read to the CPU after cropping and optional luma conversion. */
export interface PreparedPair {
  readonly a: Float32Array;
  readonly b: Float32Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly peak: number;
}

/** Validates, crops, converts to Y when asked and reads two [H,W,C] or [N,H,W,C] images (no leaks). */
export function preparePair(a: tf.Tensor, b: tf.Tensor, options: ImageQualityOptions, metric: string): PreparedPair {
  const { peak = 1, cropBorder = 0, yChannel = false } = options;
  if (!Number.isFinite(peak) || peak <= 0) {
    throw new InvalidArgumentError('peak', `${metric}: expected a positive finite number (1 or 255), got ${peak}`);
  }
  if (!Number.isInteger(cropBorder) || cropBorder < 0) {
    throw new InvalidArgumentError('cropBorder', `${metric}: expected a non-negative integer, got ${cropBorder}`);
  }
  for (const [name, image] of [['a', a], ['b', b]] as const) {
    if (!(image instanceof tf.Tensor)) throw new InvalidArgumentError(name, `${metric}: expected a tf.Tensor`);
    if (image.rank !== 3 && image.rank !== 4) {
      throw new ShapeMismatchError(`${metric} ${name}`, '[H, W, C] or [N, H, W, C]', image.shape);
    }
  }
  if (a.shape.join() !== b.shape.join()) {
    throw new ShapeMismatchError(`${metric} b`, `[${a.shape.join(', ')}] (the shape of a)`, b.shape);
  }
  const [count, height, width, channels] = (a.rank === 3 ? [1, ...a.shape] : a.shape) as [number, number, number, number];
  if (count === 0) throw new InvalidArgumentError('a', `${metric}: the batch holds no images`);
  if (yChannel && channels !== 3) {
    throw new ShapeMismatchError(`${metric} a (yChannel: true)`, '3 RGB channels in the last axis', a.shape);
  }
  const croppedHeight = height - 2 * cropBorder;
  const croppedWidth = width - 2 * cropBorder;
  if (croppedHeight < 1 || croppedWidth < 1) {
    throw new InvalidArgumentError('cropBorder', `${metric}: cropping ${cropBorder} pixels from each border of ${height}×${width} leaves nothing`);
  }
  const read = (image: tf.Tensor): Float32Array => {
    const prepared = tf.tidy(() => {
      let batch = tf.cast(image.rank === 3 ? tf.expandDims(image, 0) : image, 'float32') as tf.Tensor4D;
      batch = tf.slice(batch, [0, cropBorder, cropBorder, 0], [count, croppedHeight, croppedWidth, channels]);
      return yChannel ? rgbToY(batch, { peak }) : batch;
    });
    const data = prepared.dataSync() as Float32Array;
    prepared.dispose();
    return data;
  };
  return {
    a: read(a),
    b: read(b),
    count,
    height: croppedHeight,
    width: croppedWidth,
    channels: yChannel ? 1 : channels,
    peak,
  };
}

/** Wraps per-image values with their mean. */
export function withMean(perImage: number[]): ImageQualityResult {
  return { perImage, mean: perImage.reduce((sum, value) => sum + value, 0) / perImage.length };
}

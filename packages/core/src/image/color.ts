import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError } from '../errors';

/** Options of {@link rgbToYCbCr} and {@link rgbToY}. */
export interface ColorOptions {
  /** Value of full intensity: 1 for [0,1] images, 255 for [0,255]. Default 1. */
  peak?: number;
}

// BT.601 as MATLAB rgb2ycbcr, for R,G,B in [0,1] giving values in [0,255]; columns are Y, Cb, Cr.
const MATRIX = [
  [65.481, -37.797, 112.0],
  [128.553, -74.203, -93.786],
  [24.966, 112.0, -18.214],
];
const OFFSET = [16, 128, 128];

function checkInput(image: tf.Tensor, peak: number, name: string): void {
  if (image.rank < 1 || image.shape[image.rank - 1] !== 3) {
    throw new ShapeMismatchError(`${name} image`, '[..., 3] (RGB in the last axis)', image.shape);
  }
  if (image.dtype !== 'float32') {
    throw new InvalidArgumentError('image', `expected dtype float32, got ${image.dtype}`);
  }
  if (!Number.isFinite(peak) || peak <= 0) {
    throw new InvalidArgumentError('peak', `expected a positive finite number, got ${peak}`);
  }
}

function convert<T extends tf.Tensor>(image: T, peak: number, columns: number): T {
  return tf.tidy(() => {
    const shape = image.shape;
    const weights = tf.tensor2d(MATRIX.map((row) => row.slice(0, columns).map((v) => v / 255)));
    const offset = tf.tensor1d(OFFSET.slice(0, columns).map((v) => (v / 255) * peak));
    const flat = tf.reshape(image, [-1, 3]);
    const out = tf.add(tf.matMul(flat, weights), offset);
    return tf.reshape(out, [...shape.slice(0, -1), columns]) as T;
  });
}

/** RGB → YCbCr (ITU-R BT.601 as MATLAB rgb2ycbcr) on the last axis; input and output in [0, peak]. */
export function rgbToYCbCr<T extends tf.Tensor>(image: T, options: ColorOptions = {}): T {
  const { peak = 1 } = options;
  checkInput(image, peak, 'rgbToYCbCr');
  return convert(image, peak, 3);
}

/** Luma Y of BT.601 (MATLAB rgb2ycbcr's first channel) keeping a last axis of size 1; values in [0, peak]. */
export function rgbToY<T extends tf.Tensor>(image: T, options: ColorOptions = {}): T {
  const { peak = 1 } = options;
  checkInput(image, peak, 'rgbToY');
  return convert(image, peak, 1);
}

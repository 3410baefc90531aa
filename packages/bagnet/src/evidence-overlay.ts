import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError, requirePositiveInteger } from '@lowres/core';

/** Options of {@link evidenceOverlay} and renderEvidenceHeatmap. */
export interface EvidenceHeatmapOptions {
  /** Class whose evidence is drawn. */
  classIndex: number;
  /** Strongest overlay weight, in [0, 1]. Default 0.7. */
  opacity?: number;
  /** Integer magnification of the output picture (low-resolution images are tiny). Default 1. */
  scale?: number;
}

function dropBatch(tensor: tf.Tensor, argument: string): tf.Tensor3D {
  if (tensor.rank === 4 && tensor.shape[0] === 1) return tf.squeeze(tensor, [0]) as tf.Tensor3D;
  if (tensor.rank === 3) return tensor as tf.Tensor3D;
  throw new ShapeMismatchError(argument, '[h, w, c] or [1, h, w, c]', tensor.shape);
}

/** An RGBA picture (4 bytes a pixel, rows top to bottom), ready for a canvas ImageData or a PNG encoder. */
export interface RgbaPicture {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/**
 * One image with the class evidence of `classIndex` overlaid, as RGBA pixels: the per-patch
 * evidence is bilinearly upsampled to the image size, scaled by its largest magnitude and drawn
 * red where it supports the class and blue where it speaks against it, over a grey copy of the image.
 */
export function evidenceOverlay(
  image: tf.Tensor3D | tf.Tensor4D,
  evidence: tf.Tensor3D | tf.Tensor4D,
  options: EvidenceHeatmapOptions,
): RgbaPicture {
  const opacity = options.opacity ?? 0.7;
  const scale = options.scale ?? 1;
  if (!(opacity >= 0 && opacity <= 1)) throw new InvalidArgumentError('opacity', `expected a value in [0, 1], got ${opacity}`);
  requirePositiveInteger('scale', scale);

  const { grey, heat, height, width } = tf.tidy(() => {
    const picture = dropBatch(image, 'image');
    const map = dropBatch(evidence, 'evidence');
    const [h, w, channels] = picture.shape;
    if (channels !== 1 && channels !== 3) throw new ShapeMismatchError('image', '[h, w, 1] or [h, w, 3]', picture.shape);
    const classes = map.shape[2];
    if (!Number.isInteger(options.classIndex) || options.classIndex < 0 || options.classIndex >= classes) {
      throw new InvalidArgumentError('classIndex', `expected an integer in [0, ${classes - 1}], got ${options.classIndex}`);
    }
    const range = tf.stack([picture.min(), picture.max()]).dataSync();
    if (range[0]! < 0 || range[1]! > 1) {
      throw new InvalidArgumentError('image', `expected pixel values in [0, 1], got [${range[0]}, ${range[1]}]`);
    }
    const outHeight = h * scale;
    const outWidth = w * scale;
    const luminance = channels === 3 ? picture.mul(tf.tensor1d([0.299, 0.587, 0.114])).sum(2, true) : picture;
    const greyPicture = tf.image.resizeNearestNeighbor(luminance as tf.Tensor3D, [outHeight, outWidth]);
    const slice = tf.slice(map, [0, 0, options.classIndex], [-1, -1, 1]);
    const upsampled = tf.image.resizeBilinear(slice as tf.Tensor3D, [outHeight, outWidth]);
    const peak = tf.max(tf.abs(upsampled));
    const normalised = tf.where(tf.greater(peak, 0), tf.div(upsampled, tf.maximum(peak, 1e-30)), tf.zerosLike(upsampled));
    return { grey: greyPicture.dataSync(), heat: normalised.dataSync(), height: outHeight, width: outWidth };
  });

  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const base = grey[i]! * 255;
    const strength = Math.abs(heat[i]!) * opacity;
    const target: [number, number, number] = heat[i]! >= 0 ? [255, 0, 0] : [0, 0, 255];
    for (let channel = 0; channel < 3; channel++) {
      rgba[i * 4 + channel] = Math.round(base * (1 - strength) + target[channel]! * strength);
    }
    rgba[i * 4 + 3] = 255;
  }
  return { width, height, rgba };
}

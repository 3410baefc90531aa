import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderWeightMapPng } from '@lowres/hf-weighted-sr';
import { encodePng } from '@lowres/metrics';
import * as tf from '@tensorflow/tfjs';

/** Nearest-neighbour magnification of the written PNGs (28×28 images are hard to see). */
export const MAGNIFY = 4;

/** [N,h,w,c] → [h·MAGNIFY, N·w·MAGNIFY, c]: the images in a row, each pixel drawn as a MAGNIFY² block. */
export function sideBySide(images: tf.Tensor4D): tf.Tensor3D {
  const [count, height, width, channels] = images.shape;
  return tf.tidy(() => {
    const row = images.transpose([1, 0, 2, 3]).reshape([height, count * width, channels]) as tf.Tensor3D;
    return tf.image.resizeNearestNeighbor(row, [height * MAGNIFY, count * width * MAGNIFY]);
  });
}

/** The first `count` images [N,h,w,c] in [0,1] side by side as one PNG (c = 1 or 3); returns the file's path. */
export async function writeImageStrip(images: tf.Tensor4D, count: number, folder: string, name: string): Promise<string> {
  const strip = tf.tidy(() => sideBySide(images.slice(0, count)).clipByValue(0, 1).mul(255).round());
  const [height, width, channels] = strip.shape;
  const pixels = Uint8Array.from(await strip.data());
  strip.dispose();
  const file = join(folder, name);
  await writeFile(file, encodePng(pixels, width!, height!, channels!));
  return file;
}

/** Weight maps [N,h,w,c] side by side as one PNG (renderWeightMapPng's scaling); returns the file's path. */
export async function writeWeightMapStrip(maps: tf.Tensor4D, folder: string, name: string): Promise<string> {
  const strip = sideBySide(maps);
  const bytes = renderWeightMapPng(strip);
  strip.dispose();
  const file = join(folder, name);
  await writeFile(file, bytes);
  return file;
}

import { InvalidArgumentError, ShapeMismatchError, createRng, imresize, requirePositiveInteger } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { dihedral } from '../augment/dihedral';

/** Low- and high-resolution images of the same content; HR is `scale` times larger. */
export interface LrHrPairs {
  lr: tf.Tensor4D;
  hr: tf.Tensor4D;
  /** Optional per-pixel weight map aligned with `hr` (e.g. HF-weighted SR's map). */
  weights?: tf.Tensor4D;
}

/** Options of {@link makeLrHrPairs}. */
export interface LrHrOptions {
  /** Integer down-scaling factor (2, 3, 4 …). */
  scale: number;
  method?: 'bicubic';
  /** Clip float LR images to [0, 1] (default true). */
  clip?: boolean;
}

function integerScale(scale: number): void {
  requirePositiveInteger('scale', scale);
}

/**
 * SR training pairs as in the literature: HR cropped (top-left) to a multiple of `scale`
 * ("modcrop"), LR = MATLAB bicubic imresize(HR, 1/scale). Returns new tensors the caller owns.
 */
export function makeLrHrPairs(hr: tf.Tensor4D, options: LrHrOptions): LrHrPairs {
  if (hr.rank !== 4) throw new ShapeMismatchError('makeLrHrPairs hr', '[batch, height, width, channels]', hr.shape);
  const { scale, method = 'bicubic', clip = true } = options;
  integerScale(scale);
  const [n, h, w, c] = hr.shape;
  const height = h - (h % scale);
  const width = w - (w % scale);
  if (height === 0 || width === 0) throw new ShapeMismatchError('makeLrHrPairs hr', `height and width of at least ${scale}`, hr.shape);
  return tf.tidy(() => {
    const cropped = tf.slice(hr, [0, 0, 0, 0], [n, height, width, c]);
    const lr = imresize(cropped, { scale: 1 / scale, method });
    return { lr: clip && lr.dtype === 'float32' ? tf.clipByValue(lr, 0, 1) : lr, hr: cropped };
  });
}

/** Options of {@link randomPatches}. */
export interface PatchOptions {
  /** Side of the LR patch; the HR patch is patchSize·scale. */
  patchSize: number;
  /** Number of patches to draw. */
  count: number;
  seed: number;
  /** Random horizontal flips (default true). */
  flip?: boolean;
  /** Random quarter-turns (default true). With flip, all 8 dihedral transforms. */
  rotate?: boolean;
}

/**
 * Draws aligned random patches from LR/HR pairs (and the weight map, if any): the same image,
 * position, flip and rotation for all of them. Returns new tensors the caller owns.
 */
export function randomPatches(pairs: LrHrPairs, options: PatchOptions): LrHrPairs {
  const { lr, hr, weights } = pairs;
  const { patchSize, count, seed, flip = true, rotate = true } = options;
  if (lr.rank !== 4 || hr.rank !== 4) throw new ShapeMismatchError('randomPatches lr/hr', 'rank-4 NHWC tensors', lr.shape);
  const [n, lh, lw] = lr.shape;
  const [hn, hh, hw] = hr.shape;
  const scale = hh / lh;
  if (hn !== n || !Number.isInteger(scale) || hw !== lw * scale) {
    throw new ShapeMismatchError('randomPatches hr', `[${n}, k·${lh}, k·${lw}, c] for an integer k`, hr.shape);
  }
  if (weights && (weights.shape[0] !== n || weights.shape[1] !== hh || weights.shape[2] !== hw)) {
    throw new ShapeMismatchError('randomPatches weights', `[${n}, ${hh}, ${hw}, channels]`, weights.shape);
  }
  for (const [name, value] of [
    ['patchSize', patchSize],
    ['count', count],
  ] as const) {
    requirePositiveInteger(name, value);
  }
  if (patchSize > lh || patchSize > lw) throw new InvalidArgumentError('patchSize', `${patchSize} exceeds the LR size ${lh}×${lw}`);
  const rng = createRng(seed);
  const cut = (t: tf.Tensor4D, i: number, y: number, x: number, side: number, k: number) =>
    dihedral(tf.slice(t, [i, y, x, 0], [1, side, side, t.shape[3]]), k);
  return tf.tidy(() => {
    const lrParts: tf.Tensor4D[] = [];
    const hrParts: tf.Tensor4D[] = [];
    const weightParts: tf.Tensor4D[] = [];
    for (let p = 0; p < count; p++) {
      const i = rng.int(n);
      const y = rng.int(lh - patchSize + 1);
      const x = rng.int(lw - patchSize + 1);
      const turns = rotate ? rng.int(4) : 0;
      const k = turns + (flip && rng.next() < 0.5 ? 4 : 0);
      lrParts.push(cut(lr, i, y, x, patchSize, k));
      hrParts.push(cut(hr, i, y * scale, x * scale, patchSize * scale, k));
      if (weights) weightParts.push(cut(weights, i, y * scale, x * scale, patchSize * scale, k));
    }
    const result: LrHrPairs = { lr: tf.concat(lrParts, 0), hr: tf.concat(hrParts, 0) };
    if (weights) result.weights = tf.concat(weightParts, 0);
    return result as unknown as tf.TensorContainerObject;
  }) as unknown as LrHrPairs;
}

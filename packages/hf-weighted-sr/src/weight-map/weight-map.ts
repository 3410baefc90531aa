import * as tf from '@tensorflow/tfjs';
import { asImageBatch, withRankOf } from './as-image-batch';
import { checkAlpha } from './check-alpha';
import { initialWeightMap } from './initial-weight-map';

/** Options of {@link weightMap} and {@link binarizeWeightMap}. */
export interface WeightMapOptions {
  /** Half-width of the excluded band around the mean, in standard deviations (0 selects every pixel). */
  alpha: number;
}

/**
 * Binary weight map from an initial (signed) map, per image: min-max normalise the whole map (all
 * pixels and channels) to [0, 1], take its mean μ and population standard deviation σ, and set
 * 0 where μ − ασ < w < μ + ασ, else 1 (values exactly at μ ± ασ are kept as 1). A constant map (for
 * example from a constant image) gives all ones. Accepts [H,W,C] or [N,H,W,C]; returns float32 0/1.
 */
export function binarizeWeightMap<T extends tf.Tensor3D | tf.Tensor4D>(initialMap: T, options: WeightMapOptions): T {
  const alpha = checkAlpha(options?.alpha);
  const batch = asImageBatch(initialMap, 'initialMap');
  try {
    return tf.tidy(() => {
      const axes = [1, 2, 3];
      const minimum = batch.min(axes, true);
      const range = batch.max(axes, true).sub(minimum);
      const constant = range.equal(0);
      // A constant map would divide 0 by 0; its normalised values are defined as 0 and the map as all ones.
      const normalised = batch.sub(minimum).div(tf.where(constant, tf.onesLike(range), range));
      const { mean, variance } = tf.moments(normalised, axes, true);
      const halfWidth = variance.sqrt().mul(alpha);
      const insideBand = tf.logicalAnd(normalised.greater(mean.sub(halfWidth)), normalised.less(mean.add(halfWidth)));
      const selected = tf.logicalOr(insideBand.logicalNot(), constant);
      return withRankOf(selected.toFloat() as tf.Tensor4D, initialMap);
    });
  } finally {
    batch.dispose();
  }
}

/**
 * High-frequency binary weight map of HR images ([H,W,C] or [N,H,W,C], statistics per image):
 * {@link initialWeightMap} followed by {@link binarizeWeightMap}. α = 0 selects every pixel.
 */
export function weightMap<T extends tf.Tensor3D | tf.Tensor4D>(hr: T, options: WeightMapOptions): T {
  checkAlpha(options?.alpha);
  const initial = initialWeightMap(hr);
  try {
    return binarizeWeightMap(initial, options);
  } finally {
    initial.dispose();
  }
}

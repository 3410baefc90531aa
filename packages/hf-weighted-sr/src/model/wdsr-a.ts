import { type ImageShape, ShapeMismatchError, type SrFrontEnd, requirePositiveInteger } from '@lowres/core';
import type * as tf from '@tensorflow/tfjs';
import { selectedShare, weightedL1 } from '../loss/weighted-l1';
import { weightMap } from '../weight-map/weight-map';
import { buildWdsrA } from './build-wdsr-a';
import { type ResolvedWdsrAOptions, resolveWdsrAOptions, type WdsrAOptions } from './wdsr-a-options';
import { wdsrAFigures } from './wdsr-a-figures';

/** The WDSR-A front end with its resolved options. */
export interface WdsrAFrontEnd extends SrFrontEnd {
  readonly name: 'wdsr-a';
  /** The options after defaults were applied. */
  readonly options: ResolvedWdsrAOptions;
  /** Builds a fully convolutional model accepting any height and width (for tiled up-scaling). */
  buildAnySize(channels: number): tf.LayersModel;
  /** Weighted L1 with the weight map of yTrue at this front end's α, unless weights are given. */
  readonly pixelLoss: (yTrue: tf.Tensor4D, yPred: tf.Tensor4D, weights?: tf.Tensor4D) => tf.Scalar;
  /** Share of the HR entries its weight map selects at this front end's α (1 for α = 0). */
  readonly lossPixelShare: (hr: tf.Tensor4D) => number;
}

/**
 * WDSR-A super-resolution front end (weight-normalised, wide activation), by default ×2 with 8 blocks,
 * 32 features and ×4 expansion: 597,716 parameters for RGB and 594,004 for grey images. Its pixel loss
 * is the high-frequency weighted L1 at `alpha` (α = 0: plain L1, i.e. plain WDSR).
 */
export function wdsrA(options: WdsrAOptions = {}): WdsrAFrontEnd {
  const resolved = resolveWdsrAOptions(options);
  const checkChannels = (channels: number): void => {
    requirePositiveInteger('input.channels', channels);
    if (resolved.channels !== undefined && channels !== resolved.channels) {
      throw new ShapeMismatchError('wdsrA input', `${resolved.channels} channel(s)`, [channels]);
    }
  };
  return {
    kind: 'sr',
    name: 'wdsr-a',
    scale: resolved.scale,
    options: resolved,
    figures: wdsrAFigures(resolved.alpha),
    build(input: ImageShape): tf.LayersModel {
      for (const key of ['height', 'width'] as const) {
        requirePositiveInteger(`input.${key}`, input?.[key]);
      }
      checkChannels(input.channels);
      return buildWdsrA(resolved, input);
    },
    buildAnySize(channels: number): tf.LayersModel {
      checkChannels(channels);
      return buildWdsrA(resolved, { height: null, width: null, channels });
    },
    pixelLoss(yTrue: tf.Tensor4D, yPred: tf.Tensor4D, weights?: tf.Tensor4D): tf.Scalar {
      if (weights !== undefined || resolved.alpha === 0) return weightedL1(yTrue, yPred, weights);
      const map = weightMap(yTrue, { alpha: resolved.alpha });
      try {
        return weightedL1(yTrue, yPred, map);
      } finally {
        map.dispose();
      }
    },
    lossPixelShare(hr: tf.Tensor4D): number {
      const map = weightMap(hr, { alpha: resolved.alpha });
      try {
        return selectedShare(map);
      } finally {
        map.dispose();
      }
    },
  };
}

/** Plain WDSR-A ×2 (8 blocks, 32 features, α = 0: every pixel in the L1 loss). */
export const defaultWdsrA: WdsrAFrontEnd = wdsrA();

/** High-frequency weighted WDSR-A ×2 at α = 1/5, the paper's best setting for CIFAR classification. */
export const hfWeightedWdsrA: WdsrAFrontEnd = wdsrA({ alpha: 1 / 5 });

import type { FigureHook, ReportFigure } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { weightMapPixels } from '../render/weight-map-pixels';
import { weightMap } from '../weight-map/weight-map';

/** The WDSR-A plugin's report figures: the high-frequency weight map of each HR image at the front end's own α. */
export function wdsrAFigures(alpha: number): FigureHook {
  return ({ images }): ReportFigure[] =>
    Array.from({ length: images.shape[0] }, (_, i) => {
      const map = tf.tidy(() => weightMap(images.slice(i, 1).squeeze([0]) as tf.Tensor3D, { alpha }));
      try {
        return { name: `weight-map-${i}`, title: `weight map α = ${alpha} (image ${i})`, ...weightMapPixels(map) };
      } finally {
        map.dispose();
      }
    });
}

import type * as tf from '@tensorflow/tfjs';

/** Parameter counts of one layer or of a whole model. */
export interface ParameterCount {
  readonly total: number;
  readonly trainable: number;
  readonly nonTrainable: number;
}

/** Parameter counts of one top-level layer (a nested model counts as one layer). */
export interface LayerParameterCount extends ParameterCount {
  readonly name: string;
  readonly className: string;
}

function sizeOf(weights: tf.LayerVariable[]): number {
  return weights.reduce((sum, weight) => sum + weight.shape.reduce((product: number, d) => product * (d ?? 0), 1), 0);
}

/**
 * Trainable and non-trainable parameter counts of a model (frozen layers and batch-norm moving
 * statistics are non-trainable), with a per-layer breakdown; each shared weight counts once.
 */
export function countParams(model: tf.LayersModel): ParameterCount & { layers: LayerParameterCount[] } {
  const trainable = sizeOf(model.trainableWeights);
  const nonTrainable = sizeOf(model.nonTrainableWeights);
  const layers = model.layers.map((layer) => {
    const layerTrainable = sizeOf(layer.trainableWeights);
    const layerNonTrainable = sizeOf(layer.nonTrainableWeights);
    return {
      name: layer.name,
      className: layer.getClassName(),
      total: layerTrainable + layerNonTrainable,
      trainable: layerTrainable,
      nonTrainable: layerNonTrainable,
    };
  });
  return { total: trainable + nonTrainable, trainable, nonTrainable, layers };
}

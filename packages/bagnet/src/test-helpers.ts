import type * as tf from '@tensorflow/tfjs';

/** Number of trainable parameters of a model (test helper). */
export function trainableParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, weight) => sum + (weight.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

/** Static shape of a layer's (single) input (test helper). */
export function layerInputShape(model: tf.LayersModel, name: string): (number | null)[] {
  return (model.getLayer(name).input as tf.SymbolicTensor).shape;
}

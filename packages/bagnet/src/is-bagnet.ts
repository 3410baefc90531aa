import type * as tf from '@tensorflow/tfjs';
import { bagnetLayerNames } from './layer-names';

/** Whether `model` is a BagNet built by `bagnet()` (it has the layers {@link classEvidence} reads), e.g. a loaded back end. */
export function isBagnet(model: tf.LayersModel): boolean {
  const names = new Set(model.layers.map((layer) => layer.name));
  return names.has(bagnetLayerNames.pool) && names.has(bagnetLayerNames.logits);
}

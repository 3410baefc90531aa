import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@lowres/core';
import { bagnetLayerNames } from './layer-names';

/** Handles into a BagNet's layer graph shared by evidence maps and training. */
export interface BagnetParts {
  /** Input → last per-patch feature map [N, h, w, C] (shares the model's layers). */
  features: tf.LayersModel;
  /** Input → averaged logits [N, classes] (shares the model's layers). */
  logits: tf.LayersModel;
  /** The Dense class layer. */
  classifier: tf.layers.Layer;
}

const cache = new WeakMap<tf.LayersModel, BagnetParts>();

function findLayer(model: tf.LayersModel, name: string): tf.layers.Layer {
  const layer = model.layers.find((candidate) => candidate.name === name);
  if (layer === undefined) {
    throw new InvalidArgumentError('model', `expected a BagNet built by bagnet() with a '${name}' layer; '${model.name}' has none`);
  }
  return layer;
}

/** Finds (once per model) the feature and logit sub-models of a BagNet built by `bagnet()`. */
export function bagnetParts(model: tf.LayersModel): BagnetParts {
  const cached = cache.get(model);
  if (cached) return cached;
  const pool = findLayer(model, bagnetLayerNames.pool);
  const classifier = findLayer(model, bagnetLayerNames.logits);
  const parts: BagnetParts = {
    features: tf.model({ inputs: model.inputs, outputs: pool.input as tf.SymbolicTensor }),
    logits: tf.model({ inputs: model.inputs, outputs: classifier.output as tf.SymbolicTensor }),
    classifier,
  };
  cache.set(model, parts);
  return parts;
}

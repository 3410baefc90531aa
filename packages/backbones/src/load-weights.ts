import { InvalidArgumentError, modelIO, ShapeMismatchError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Where {@link loadBackEndWeights} reads weights: a model directory (Node), a model URL, or an IOHandler. */
export type WeightsSource = string | tf.io.IOHandler;

function describe(source: WeightsSource): string {
  return typeof source === 'string' ? source : 'the weights IOHandler';
}

function handlerFor(source: WeightsSource): tf.io.IOHandler {
  if (typeof source === 'string') {
    if (source.length === 0) throw new InvalidArgumentError('source', 'expected a model directory, got an empty string');
    return modelIO(source);
  }
  if (typeof source?.load !== 'function') {
    throw new InvalidArgumentError('source', 'expected a directory path or a tf.io.IOHandler with load()');
  }
  return source;
}

/**
 * Loads user-supplied weights (a TF.js model.json + weight shards, e.g. saved with
 * `saveLayersModel` or converted from Keras/PyTorch with matching layer names) into a model built
 * by a back end. Weights are matched by name; every model weight must be present with the same
 * shape and dtype and no extra weight may be left over, otherwise nothing is changed and a typed
 * error lists the differences (`InvalidArgumentError` for names, `ShapeMismatchError` for shapes).
 */
export async function loadBackEndWeights(model: tf.LayersModel, source: WeightsSource): Promise<void> {
  const artifacts = await handlerFor(source).load!();
  const where = describe(source);
  if (!artifacts.weightSpecs || artifacts.weightData === undefined) {
    throw new InvalidArgumentError('source', `${where} holds no weights (no weight manifest / data)`);
  }
  const loaded = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    const expected = new Map(model.weights.map((weight) => [weight.originalName, weight]));
    const missing = [...expected.keys()].filter((name) => !(name in loaded));
    const unexpected = Object.keys(loaded).filter((name) => !expected.has(name));
    if (missing.length > 0 || unexpected.length > 0) {
      const list = (names: string[]): string =>
        names.length === 0 ? 'none' : names.slice(0, 8).join(', ') + (names.length > 8 ? `, … (${names.length} in all)` : '');
      throw new InvalidArgumentError(
        'weights',
        `${where} does not match model '${model.name}': missing ${list(missing)}; unexpected ${list(unexpected)}`,
      );
    }
    for (const [name, weight] of expected) {
      const tensor = loaded[name]!;
      if (!tf.util.arraysEqual(tensor.shape, weight.shape as number[])) {
        throw new ShapeMismatchError(`weight '${name}' from ${where}`, `[${weight.shape.join(', ')}]`, tensor.shape);
      }
      if (tensor.dtype !== weight.dtype) {
        throw new InvalidArgumentError('weights', `weight '${name}' from ${where} is ${tensor.dtype}, the model needs ${weight.dtype}`);
      }
    }
    model.setWeights(model.weights.map((weight) => loaded[weight.originalName]!));
  } finally {
    tf.dispose(loaded);
  }
}

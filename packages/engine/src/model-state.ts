import * as tf from '@tensorflow/tfjs';
import { CheckpointCorruptError } from './errors';
import { getExtraOptimizerState, setExtraOptimizerState } from './optimizers';
import type { StoredArray } from './checkpoint-files';

/** Reads a tensor back asynchronously (WebGPU has no synchronous read-back in Node). */
async function toStored(group: StoredArray['group'], name: string, tensor: tf.Tensor): Promise<StoredArray> {
  const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
  const values = await tensor.data();
  const data = dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values);
  return { group, name, shape: tensor.shape, dtype, data };
}

/** Copies every weight of `model` (trainable and not, in model.weights order) into plain arrays. */
export async function captureModel(model: tf.LayersModel): Promise<StoredArray[]> {
  return Promise.all(model.weights.map((weight, index) => toStored('model', `${index}:${weight.originalName}`, weight.read())));
}

/** Copies the model weights and the optimizer's slots (plus Adam's β powers) into plain arrays. */
export async function captureTrainingState(model: tf.LayersModel, optimizer: tf.Optimizer | null): Promise<StoredArray[]> {
  const arrays = await captureModel(model);
  if (optimizer) {
    const slots = await optimizer.getWeights();
    for (const slot of slots) arrays.push(await toStored('optimizer', slot.name, slot.tensor));
    tf.dispose(slots.filter((slot) => slot.name === 'iter').map((slot) => slot.tensor));
    for (const extra of await getExtraOptimizerState(optimizer)) arrays.push(await toStored('optimizer-extra', extra.name, extra.tensor));
  }
  return arrays;
}

/** Writes stored model arrays back into `model`, checking count and shapes. */
export function restoreModel(model: tf.LayersModel, arrays: readonly StoredArray[], source: string): void {
  const stored = arrays.filter((array) => array.group === 'model');
  const weights = model.weights;
  if (stored.length !== weights.length) {
    throw new CheckpointCorruptError(source, `holds ${stored.length} model weights, the model has ${weights.length}`);
  }
  weights.forEach((weight, index) => {
    const array = stored[index]!;
    if (array.shape.join('x') !== weight.shape.join('x')) {
      throw new CheckpointCorruptError(source, `weight ${array.name} has shape [${array.shape}], model expects [${weight.shape}]`);
    }
  });
  const tensors = stored.map((array) => tf.tensor(array.data, [...array.shape], array.dtype));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/** Restores model weights and, when given, the optimizer's slots from stored arrays. */
export async function restoreTrainingState(
  model: tf.LayersModel,
  optimizer: tf.Optimizer | null,
  arrays: readonly StoredArray[],
  source: string,
): Promise<void> {
  restoreModel(model, arrays, source);
  if (!optimizer) return;
  const slots = arrays
    .filter((array) => array.group === 'optimizer')
    .map((array) => ({ name: array.name, tensor: tf.tensor(array.data, [...array.shape], array.dtype) }));
  if (slots.length > 0) await optimizer.setWeights(slots);
  tf.dispose(slots.map((slot) => slot.tensor));
  const extras = arrays
    .filter((array) => array.group === 'optimizer-extra')
    .map((array) => ({ name: array.name, tensor: tf.tensor(array.data, [...array.shape], array.dtype) }));
  setExtraOptimizerState(optimizer, extras);
  tf.dispose(extras.map((extra) => extra.tensor));
}

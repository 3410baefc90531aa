import { DatasetFormatError, modelIO, ShapeMismatchError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { SR_LAYER_NAMES, type SrLayerName } from './sr-network';

/** One weight array held in plain memory (no tensor). */
export interface WeightArray {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Kernel and bias of every SR layer, in plain memory so they can be applied to any number of builds. */
export type SrWeights = Readonly<Record<SrLayerName, { readonly kernel: WeightArray; readonly bias: WeightArray }>>;

/** Where SR weights live: a directory (model.json + weights.bin; Node), a model URL, or any TF.js IOHandler. */
export type SrWeightsSource = string | tf.io.IOHandler;

function describe(source: SrWeightsSource): string {
  return typeof source === 'string' ? source : 'IOHandler';
}

function findWeight(named: tf.NamedTensorMap, layer: SrLayerName, kind: 'kernel' | 'bias', source: string): tf.Tensor {
  const exact = `${layer}/${kind}`;
  const matches = Object.keys(named).filter((key) => key === exact || key.endsWith(`/${exact}`));
  if (matches.length !== 1) {
    const found = matches.length === 0 ? 'none' : matches.join(', ');
    throw new DatasetFormatError(source, `expected exactly one weight named '${exact}' (saved from a RACNN/SRCNN model), found ${found}`);
  }
  return named[matches[0] as string] as tf.Tensor;
}

/**
 * Reads the sconv1..3 kernels and biases from a saved model (a directory written by
 * {@link saveSrWeights} or an IOHandler). Only the weights are read, so a model saved at any input
 * size, scale or with a different front-end wrapper works, as long as the weights are named
 * `sconvN/kernel` and `sconvN/bias`.
 */
export async function loadSrWeights(source: SrWeightsSource): Promise<SrWeights> {
  const handler = typeof source === 'string' ? modelIO(source) : source;
  if (handler.load === undefined) {
    throw new DatasetFormatError(describe(source), 'the IOHandler cannot load (it has no load method)');
  }
  const artifacts = await handler.load();
  if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
    throw new DatasetFormatError(describe(source), 'the saved model holds no weights');
  }
  const named = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    const read = (layer: SrLayerName, kind: 'kernel' | 'bias'): WeightArray => {
      const tensor = findWeight(named, layer, kind, describe(source));
      return { shape: [...tensor.shape], values: Float32Array.from(tensor.dataSync()) };
    };
    const result = {} as Record<SrLayerName, { kernel: WeightArray; bias: WeightArray }>;
    for (const layer of SR_LAYER_NAMES) result[layer] = { kernel: read(layer, 'kernel'), bias: read(layer, 'bias') };
    return result;
  } finally {
    tf.dispose(Object.values(named));
  }
}

/** Saves an SR model (its topology and weights) to a directory or an IOHandler, for `init: 'pretrained'`. */
export async function saveSrWeights(model: tf.LayersModel, target: SrWeightsSource): Promise<tf.io.SaveResult> {
  return model.save(typeof target === 'string' ? modelIO(target) : target);
}

/** Sets sconv1..3 of `model` to `weights`; throws ShapeMismatchError when a shape differs (e.g. channels). */
export function applySrWeights(model: tf.LayersModel, weights: SrWeights): void {
  for (const name of SR_LAYER_NAMES) {
    const layer = model.getLayer(name);
    const saved = weights[name];
    const current = layer.getWeights();
    const [kernel, bias] = current;
    if (current.length !== 2 || kernel === undefined || bias === undefined) {
      throw new ShapeMismatchError(`${name} weights`, 'a kernel and a bias', [current.length]);
    }
    const targets: [tf.Tensor, WeightArray, string][] = [
      [kernel, saved.kernel, 'kernel'],
      [bias, saved.bias, 'bias'],
    ];
    for (const [tensor, array, kind] of targets) {
      if (tensor.shape.length !== array.shape.length || tensor.shape.some((size, axis) => size !== array.shape[axis])) {
        throw new ShapeMismatchError(`pretrained ${name}/${kind}`, `[${tensor.shape.join(', ')}]`, array.shape);
      }
    }
    const replacements = [tf.tensor(saved.kernel.values, [...saved.kernel.shape]), tf.tensor(saved.bias.values, [...saved.bias.shape])];
    try {
      layer.setWeights(replacements);
    } finally {
      tf.dispose(replacements);
    }
  }
}

import { requirePositiveInteger } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '@lowres/datasets';
import { checkDataset, gatherLabels, gatherPixels } from '../data/image-dataset';

/** Loss, accuracy and per-image predictions of a classifier on a dataset. */
export interface Evaluation {
  loss: number;
  accuracy: number;
  /** Mean of per-class accuracies (classes absent from the data are skipped). */
  meanPerClassAccuracy: number;
  predictions: Int32Array;
  labels: Int32Array;
  classes: number;
}

const EPSILON = 1e-7;

/** Categorical cross-entropy of probabilities against one-hot targets, averaged over the batch. */
export function crossEntropy(oneHot: tf.Tensor2D, probabilities: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(oneHot.mul(tf.log(probabilities.clipByValue(EPSILON, 1 - EPSILON))), -1))) as tf.Scalar);
}

/** Runs `model` over `dataset` in batches (inference mode) and scores it; reads back asynchronously (WebGPU-safe); leaks no tensors. */
export async function evaluate(model: tf.LayersModel, dataset: ImageDataset, options: { batchSize?: number; classes?: number } = {}): Promise<Evaluation> {
  const checked = checkDataset(dataset, 'dataset');
  const batchSize = options.batchSize ?? 64;
  requirePositiveInteger('batchSize', batchSize);
  const classes = options.classes ?? checked.classes;
  const predictions = new Int32Array(checked.count);
  const labels = gatherLabels(checked, Array.from({ length: checked.count }, (_, i) => i));
  let lossSum = 0;
  for (let start = 0; start < checked.count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, checked.count - start) }, (_, i) => start + i);
    const [lossTensor, predictedTensor] = tf.tidy(() => {
      const { height, width, channels } = checked.shape;
      const x = tf.tensor4d(gatherPixels(checked, indices), [indices.length, height, width, channels]);
      const probabilities = model.predict(x) as tf.Tensor2D;
      const y = tf.oneHot(tf.tensor1d(labels.subarray(start, start + indices.length), 'int32'), classes).toFloat() as tf.Tensor2D;
      return [crossEntropy(y, probabilities), probabilities.argMax(-1)];
    });
    try {
      lossSum += (await lossTensor.data())[0]! * indices.length;
      predictions.set((await predictedTensor.data()) as Int32Array, start);
    } finally {
      tf.dispose([lossTensor, predictedTensor]);
    }
  }
  const correctPerClass = new Float64Array(classes);
  const totalPerClass = new Float64Array(classes);
  let correct = 0;
  for (let i = 0; i < checked.count; i++) {
    const label = labels[i]!;
    totalPerClass[label]! += 1;
    if (predictions[i] === label) {
      correct += 1;
      correctPerClass[label]! += 1;
    }
  }
  let classSum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    if (totalPerClass[c]! > 0) {
      classSum += correctPerClass[c]! / totalPerClass[c]!;
      present += 1;
    }
  }
  return {
    loss: lossSum / checked.count,
    accuracy: correct / checked.count,
    meanPerClassAccuracy: present > 0 ? classSum / present : 0,
    predictions,
    labels,
    classes,
  };
}

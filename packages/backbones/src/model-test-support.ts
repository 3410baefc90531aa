// Helpers shared by the model tests (not part of the public API).
import type { ClassifierBackEnd, ImageShape } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/**
 * Time limit of the training-step tests. One SGD step of a full-width back end on the cpu
 * backend costs tens of seconds of CPU (its fixed cost grows with the number of convolution
 * weights), and the shared test machine stretches wall time further.
 */
export const TRAINING_STEP_TIMEOUT = 400_000;

/** Number of scalars in the trainable weights. */
export function trainableCount(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, weight) => sum + weight.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);
}

/** Builds, checks counts and output shape, and disposes. No forward pass (for the big models). */
export function expectCounts(
  backEnd: ClassifierBackEnd,
  input: ImageShape,
  classes: number,
  counts: { total?: number; trainable?: number },
): void {
  const model = backEnd.build(input, classes);
  try {
    if (counts.total !== undefined) expect(model.countParams()).toBe(counts.total);
    if (counts.trainable !== undefined) expect(trainableCount(model)).toBe(counts.trainable);
    expect(model.outputs[0]!.shape).toEqual([null, classes]);
  } finally {
    model.dispose();
  }
}

/** Deterministic pseudo-random images in [0, 1). */
export function sampleImages(batch: number, input: ImageShape, seed = 1): tf.Tensor4D {
  return tf.randomUniform([batch, input.height, input.width, input.channels], 0, 1, 'float32', seed) as tf.Tensor4D;
}

/** Runs one inference pass and checks shape, finiteness and (for softmax heads) row sums. */
export function expectForward(model: tf.LayersModel, batch: number, input: ImageShape, classes: number, softmax = true): void {
  const values = tf.tidy(() => {
    const output = model.predict(sampleImages(batch, input)) as tf.Tensor2D;
    expect(output.shape).toEqual([batch, classes]);
    return output.arraySync();
  });
  for (const row of values) {
    for (const value of row) expect(Number.isFinite(value)).toBe(true);
    const sum = row.reduce((a, b) => a + b, 0);
    if (softmax) expect(sum).toBeCloseTo(1, 4);
    else expect(Math.abs(sum - 1)).toBeGreaterThan(1e-3);
  }
}

/**
 * Compiles with SGD (which keeps no per-weight state) and cross-entropy (on probabilities, or on
 * logits when `logits`), runs one training step on random data;
 * the step must leave the live tensor count unchanged and move the weights. Returns the loss.
 */
export async function expectTrainingStep(
  model: tf.LayersModel,
  input: ImageShape,
  classes: number,
  { batch = 2, logits = false }: { batch?: number; logits?: boolean } = {},
): Promise<number> {
  const loss = logits
    ? (labels: tf.Tensor, predictions: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, predictions)
    : 'categoricalCrossentropy';
  model.compile({ optimizer: tf.train.sgd(0.01), loss });
  const images = sampleImages(batch, input, 7);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % classes), 'int32'), classes));
  try {
    const before = model.trainableWeights.map((weight) => weight.read().dataSync().slice());
    const value = await expectNoTensorLeaks(async () => (await model.trainOnBatch(images, labels)) as number, 'training step');
    const after = model.trainableWeights.map((weight) => weight.read().dataSync());
    const moved = after.some((values, index) => values.some((value, i) => value !== before[index]![i]));
    expect(moved).toBe(true);
    expect(Number.isFinite(value)).toBe(true);
    return value;
  } finally {
    tf.dispose([images, labels]);
  }
}

/** Checks that `backEnd` builds at its minimum input and rejects one pixel less with a typed error. */
export function expectMinimumEnforced(backEnd: ClassifierBackEnd, channels = 3): void {
  const minimum = backEnd.minimumInput!;
  const model = backEnd.build({ ...minimum, channels }, 3);
  expect(model.outputs[0]!.shape).toEqual([null, 3]);
  model.dispose();
  for (const input of [
    { height: minimum.height - 1, width: minimum.width, channels },
    { height: minimum.height, width: minimum.width - 1, channels },
  ]) {
    expect(() => backEnd.build(input, 3)).toThrowError(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'input', message: expect.stringContaining(`${minimum.height}×${minimum.width}`) }),
    );
  }
}

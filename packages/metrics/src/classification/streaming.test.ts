import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { accuracy } from './accuracy';
import { confusionMatrix } from './confusion-matrix';
import { StreamingAccuracy, StreamingConfusionMatrix, StreamingTopK } from './streaming';
import { topK } from './top-k';

beforeAll(async () => {
  await initBackend('cpu');
});

function batchScores(seed: number, rows: number, classes: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: classes }, (_, c) => Math.sin(seed * 97 + r * 13 + c * 5.3)));
}

describe('streaming metrics', () => {
  it('equal the one-shot metrics over the concatenated batches', () => {
    const batches = [0, 1, 2].map((seed) => ({
      scores: batchScores(seed, 7 + seed, 4),
      labels: Array.from({ length: 7 + seed }, (_, i) => (i * 3 + seed) % 4),
    }));
    const allScores = batches.flatMap((batch) => batch.scores);
    const allLabels = batches.flatMap((batch) => batch.labels);
    const streamingAccuracy = new StreamingAccuracy();
    const streamingTopK = new StreamingTopK(2);
    const streamingMatrix = new StreamingConfusionMatrix(4);
    for (const batch of batches) {
      streamingAccuracy.update(batch.scores, batch.labels);
      streamingTopK.update(batch.scores, batch.labels);
      streamingMatrix.update(batch.scores, batch.labels);
    }
    expect(streamingAccuracy.compute()).toBe(accuracy(allScores, allLabels));
    expect(streamingTopK.compute()).toBe(topK(allScores, allLabels, 2));
    expect(streamingMatrix.compute().confusionMatrix).toEqual(confusionMatrix(allScores, allLabels, { classes: 4 }));
    streamingAccuracy.reset();
    streamingMatrix.reset();
    expect(() => streamingAccuracy.compute()).toThrow(InvalidArgumentError);
    expect(() => streamingMatrix.compute()).toThrow(/before any sample/);
  });

  it('leak no tensors over 1,000 updates with tensor inputs', async () => {
    const accuracyMetric = new StreamingAccuracy();
    const topKMetric = new StreamingTopK(3);
    const matrixMetric = new StreamingConfusionMatrix(10);
    const logits = tf.randomNormal([16, 10], 0, 1, 'float32', 1);
    const labels = tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 10), 'int32');
    const oneHot = tf.oneHot(labels, 10);
    await expectNoTensorLeaks(() => {
      for (let step = 0; step < 1000; step += 1) {
        accuracyMetric.update(logits, labels);
        topKMetric.update(logits, oneHot);
        matrixMetric.update(logits, labels);
      }
      accuracyMetric.compute();
      topKMetric.compute();
      matrixMetric.compute();
    }, 'streaming classification metrics');
    expect(matrixMetric.compute().samples).toBe(16_000);
    expect(accuracyMetric.compute()).toBe(accuracy(logits, labels));
    tf.dispose([logits, labels, oneHot]);
  });

  it('reject labels outside the declared classes', () => {
    const metric = new StreamingConfusionMatrix(3);
    expect(() => metric.update([0, 1], [0, 3])).toThrow(/integer in \[0, 2\]/);
    expect(() => new StreamingConfusionMatrix(0)).toThrow(InvalidArgumentError);
    expect(() => new StreamingTopK(0)).toThrow(InvalidArgumentError);
  });
});

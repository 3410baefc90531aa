import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { measureThroughput } from './measure-throughput';

function smallNet(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  return model;
}

describe('measureThroughput', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('times training steps, reports images/s as batch over the median, and leaks nothing', async () => {
    const model = smallNet();
    const before = model.getWeights()[0]?.dataSync().slice();
    const result = await expectNoTensorLeaks(
      () => measureThroughput(model, { batch: 4, steps: 3, warmup: 1, mode: 'train' }),
      'training throughput',
    );
    expect(result.stepMilliseconds).toHaveLength(3);
    const sorted = [...result.stepMilliseconds].sort((a, b) => a - b);
    expect(result.medianStepMilliseconds).toBe(sorted[1]);
    expect(result.imagesPerSecond).toBeCloseTo((4 * 1000) / (sorted[1] as number), 6);
    expect(result).toMatchObject({ mode: 'train', backend: 'cpu', batch: 4 });
    // Adam changed the weights: the steps really trained.
    expect(model.getWeights()[0]?.dataSync()).not.toEqual(before);
    model.dispose();
  });

  it('trains an SR-shaped model on a pixel loss, whole or in micro-batches, without leaks', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [5, 5, 1], filters: 4, kernelSize: 3, padding: 'same' }),
        tf.layers.upSampling2d({ size: [2, 2] }),
        tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same' }),
      ],
    });
    const before = model.getWeights()[0]?.dataSync().slice();
    for (const microBatch of [4, 2]) {
      const result = await expectNoTensorLeaks(
        () => measureThroughput(model, { batch: 4, microBatch, steps: 1, warmup: 0, mode: 'train', loss: 'pixel' }),
        'pixel-loss throughput',
      );
      expect(result.imagesPerSecond).toBeGreaterThan(0);
    }
    expect(model.getWeights()[0]?.dataSync()).not.toEqual(before);
    await expect(measureThroughput(model, { batch: 4, steps: 1, warmup: 0, mode: 'train', loss: 'l2' as 'pixel' })).rejects.toThrow(
      InvalidArgumentError,
    );
    model.dispose();
  });

  it('times inference with an explicit input shape and class count', async () => {
    const model = smallNet();
    const result = await expectNoTensorLeaks(
      () => measureThroughput(model, { batch: 2, inputShape: [6, 6, 1], classes: 3, steps: 2, warmup: 0, mode: 'infer' }),
      'inference throughput',
    );
    expect(result.stepMilliseconds).toHaveLength(2);
    expect(result.imagesPerSecond).toBeGreaterThan(0);
    model.dispose();
  });

  it('accumulates a training step over micro-batches when asked', async () => {
    const model = smallNet();
    const before = model.getWeights()[0]?.dataSync().slice();
    const result = await expectNoTensorLeaks(
      () => measureThroughput(model, { batch: 5, microBatch: 2, steps: 1, warmup: 0, mode: 'train' }),
      'micro-batched training throughput',
    );
    expect(result).toMatchObject({ mode: 'train', batch: 5, microBatch: 2 });
    expect(model.getWeights()[0]?.dataSync()).not.toEqual(before);
    await expect(measureThroughput(model, { batch: 4, microBatch: 5, steps: 1, warmup: 0, mode: 'train' })).rejects.toThrow(/microBatch/);
    model.dispose();
  });

  it('rejects bad options with typed errors', async () => {
    const model = smallNet();
    await expect(measureThroughput(model, { batch: 0, steps: 1, warmup: 0, mode: 'train' })).rejects.toThrow(InvalidArgumentError);
    await expect(measureThroughput(model, { batch: 1, steps: 1, warmup: 0, mode: 'fit' as 'train' })).rejects.toThrow(/mode/);
    await expect(
      measureThroughput(model, { batch: 1, inputShape: [6, -6, 1], steps: 1, warmup: 0, mode: 'infer' }),
    ).rejects.toThrow(/inputShape/);
    model.dispose();
  });
});

import { initBackend, InvalidArgumentError, ShapeMismatchError, TrainingDivergedError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import type { LrHrPairs } from '@lowres/datasets';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wdsrA } from '../model/wdsr-a';
import { type TrainSrProgress, trainSr } from './train-sr';

let pairs: LrHrPairs;

beforeAll(async () => {
  await initBackend('cpu');
  // Smooth random HR patches (blurred noise) and their 2×2 average-pooled LR versions.
  const hr = tf.tidy(() => {
    const noise = tf.randomUniform([6, 12, 12, 1], 0, 1, 'float32', 21) as tf.Tensor4D;
    return tf.avgPool(noise.pad([[0, 0], [1, 1], [1, 1], [0, 0]], 0.5) as tf.Tensor4D, 3, 1, 'valid') as tf.Tensor4D;
  });
  pairs = { hr, lr: tf.avgPool(hr, 2, 2, 'valid') as tf.Tensor4D };
});

afterAll(() => {
  tf.dispose([pairs.lr, pairs.hr]);
});

const tinyModel = (seed = 1) => wdsrA({ blocks: 1, features: 4, expansion: 2, seed }).build({ height: 6, width: 6, channels: 1 });

describe('trainSr', () => {
  it('lowers the loss, reports every step and leaks no tensors', async () => {
    const model = tinyModel();
    const progress: TrainSrProgress[] = [];
    const result = await expectNoTensorLeaks(
      () => trainSr(model, pairs, { alpha: 0, epochs: 4, batch: 4, learningRate: 0.01, seed: 3, onProgress: (step) => void progress.push(step) }),
      'trainSr',
    );
    expect(progress).toHaveLength(8);
    expect(progress.map((step) => [step.epoch, step.step])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1], [3, 0], [3, 1]]);
    expect(result.losses).toHaveLength(4);
    expect(result.losses[3]!).toBeLessThan(result.losses[0]!);
    expect(result.selectedShares).toEqual([1, 1, 1, 1]);
    model.dispose();
  });

  it('uses only part of the pixels for α > 0, and is reproducible with the same seeds', async () => {
    const run = async () => {
      const model = tinyModel(7);
      const result = await trainSr(model, pairs, { alpha: 1 / 3, epochs: 2, batch: 3, seed: 5, augment: true });
      model.dispose();
      return result;
    };
    const first = await run();
    const second = await run();
    expect(first).toEqual(second);
    for (const share of first.selectedShares) {
      expect(share).toBeGreaterThan(0);
      expect(share).toBeLessThan(1);
    }
  });

  it('uses precomputed weights when given: all-zero weights leave the model unchanged', async () => {
    const model = tinyModel();
    const before = model.getWeights().map((weight) => Array.from(weight.dataSync()));
    const weights = tf.zerosLike(pairs.hr);
    const result = await trainSr(model, { ...pairs, weights }, { alpha: 0, epochs: 1, batch: 6, seed: 1 });
    expect(result.losses).toEqual([0]);
    expect(result.selectedShares).toEqual([0]);
    expect(model.getWeights().map((weight) => Array.from(weight.dataSync()))).toEqual(before);
    weights.dispose();
    model.dispose();
  });

  it('rejects inconsistent pairs and options with typed errors', async () => {
    const model = tinyModel();
    const options = { alpha: 0, epochs: 1, batch: 2, seed: 1 };
    const shortHr = pairs.hr.slice(0, 5);
    await expect(trainSr(model, { lr: pairs.lr, hr: shortHr }, options)).rejects.toThrow(ShapeMismatchError);
    await expect(trainSr(model, pairs, { ...options, batch: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(trainSr(model, pairs, { ...options, alpha: -1 })).rejects.toThrow(/alpha/);
    const wrongHr = tf.zeros([6, 10, 10, 1]) as tf.Tensor4D;
    await expect(trainSr(model, { lr: pairs.lr, hr: wrongHr }, options)).rejects.toThrow(/model output/);
    tf.dispose([shortHr, wrongHr]);
    model.dispose();
  });

  it('stops with the shared TrainingDivergedError (from @lowres/core) on a non-finite loss, before applying the step', async () => {
    const model = tinyModel();
    const before = model.getWeights().map((weight) => Array.from(weight.dataSync()));
    const brokenLr = tf.fill(pairs.lr.shape, Number.NaN) as tf.Tensor4D;
    await expect(trainSr(model, { lr: brokenLr, hr: pairs.hr }, { alpha: 0, epochs: 1, batch: 6, seed: 1 })).rejects.toThrow(TrainingDivergedError);
    expect(model.getWeights().map((weight) => Array.from(weight.dataSync()))).toEqual(before);
    brokenLr.dispose();
    model.dispose();
  });
});

import { createRng, imresize, InvalidArgumentError, initBackend, ShapeMismatchError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import type { LrHrPairs } from '@lowres/datasets';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { racnnPixelLoss } from './pixel-loss';
import { pretrainSr } from './pretrain-sr';
import { racnnSr } from './racnn-sr';

const SIZE = 8;
let pairs: LrHrPairs;
let upscaledPairs: LrHrPairs;

/** Smooth synthetic HR images in [0, 1]: sums of random low-frequency sinusoids and an edge. */
function syntheticHighResolution(count: number, seed: number): tf.Tensor4D {
  const rng = createRng(seed);
  const values = new Float32Array(count * SIZE * SIZE);
  for (let n = 0; n < count; n++) {
    const [fx, fy, phase, edge] = [rng.next() * 1.5, rng.next() * 1.5, rng.next() * 6, 2 + rng.int(4)];
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        const wave = 0.5 + 0.3 * Math.sin(fx * x + fy * y + phase);
        values[(n * SIZE + y) * SIZE + x] = Math.min(1, Math.max(0, wave + (x > edge ? 0.2 : -0.2)));
      }
  }
  return tf.tensor4d(values, [count, SIZE, SIZE, 1]);
}

function meanLoss(model: tf.LayersModel, data: LrHrPairs): number {
  return tf.tidy(() => racnnPixelLoss(data.hr, model.predict(data.lr) as tf.Tensor4D).dataSync()[0]!);
}

beforeAll(async () => {
  await initBackend('cpu');
  const hr = syntheticHighResolution(8, 1);
  const lr = imresize(hr, { scale: 0.5 });
  pairs = { lr, hr };
  upscaledPairs = { lr: imresize(lr, { scale: 2 }), hr };
});

afterAll(() => {
  tf.dispose([pairs.lr, pairs.hr, upscaledPairs.lr]);
});

describe('pretrainSr', () => {
  it('reduces the pixel loss on a synthetic LR/HR set (scale 2, bicubic layer inside) without leaking', async () => {
    const model = racnnSr({ scale: 2, channels: 1, seed: 1 }).build({ height: SIZE / 2, width: SIZE / 2, channels: 1 });
    const before = meanLoss(model, pairs);
    const steps: number[] = [];
    const result = await expectNoTensorLeaks(
      () => pretrainSr(model, pairs, { epochs: 8, batch: 4, learningRate: 3e-3, seed: 3, onProgress: (p) => steps.push(p.step) }),
      'pretrainSr',
    );
    const after = meanLoss(model, pairs);
    expect(result.epochLosses).toHaveLength(8);
    expect(steps).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(after).toBeLessThan(before * 0.8);
    expect(result.epochLosses[7]!).toBeLessThan(result.epochLosses[0]!);
    model.dispose();
  });

  it('is reproducible for the same seeds and trains with SGD on pre-up-scaled inputs (scale 1)', async () => {
    const run = async (): Promise<number[]> => {
      const model = racnnSr({ channels: 1, seed: 5 }).build({ height: SIZE, width: SIZE, channels: 1 });
      const { epochLosses } = await pretrainSr(model, upscaledPairs, { epochs: 2, batch: 3, optimizer: 'sgd', learningRate: 0.01, seed: 9 });
      model.dispose();
      return epochLosses;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(first[1]!).toBeLessThan(first[0]!);
  });

  it('applies the per-parameter rules: a layer with ×0 does not move, frozen layers neither', async () => {
    const model = racnnSr({ channels: 1, seed: 6 }).build({ height: SIZE, width: SIZE, channels: 1 });
    const snapshot = (name: string) => model.getLayer(name).getWeights().map((w) => Array.from(w.dataSync()));
    const sconv3 = snapshot('sconv3');
    const sconv1 = snapshot('sconv1');
    model.getLayer('sconv2').trainable = false;
    const sconv2 = snapshot('sconv2');
    await pretrainSr(model, upscaledPairs, { epochs: 1, batch: 8, layers: [{ match: 'sr/sconv3/*', learningRateMultiplier: 0 }] });
    expect(snapshot('sconv3')).toEqual(sconv3);
    expect(snapshot('sconv2')).toEqual(sconv2);
    expect(snapshot('sconv1')).not.toEqual(sconv1);
    model.dispose();
  });

  it('scales the learning rate itself, so multipliers also hold for Adam (a scaled gradient would not)', async () => {
    const model = racnnSr({ channels: 1, seed: 8 }).build({ height: SIZE, width: SIZE, channels: 1 });
    const kernelOf = (name: string) => model.getLayer(name).getWeights()[0]!.dataSync().slice();
    const before = { sconv1: kernelOf('sconv1'), sconv3: kernelOf('sconv3') };
    // One full-batch Adam step moves every weight by about learningRate × multiplier (|m̂/√v̂| = 1).
    await pretrainSr(model, upscaledPairs, {
      epochs: 1,
      batch: 8,
      learningRate: 1e-3,
      layers: [
        { match: 'sr/sconv1/kernel', learningRateMultiplier: 1 },
        { match: 'sr/sconv3/kernel', learningRateMultiplier: 0.1 },
      ],
    });
    const largestStep = (name: 'sconv1' | 'sconv3') => {
      const after = kernelOf(name);
      return Math.max(...Array.from(after, (value, index) => Math.abs(value - before[name][index]!)));
    };
    expect(largestStep('sconv1')).toBeGreaterThan(0.9e-3);
    expect(largestStep('sconv1')).toBeLessThan(1.05e-3);
    expect(largestStep('sconv3')).toBeGreaterThan(0.9e-4);
    expect(largestStep('sconv3')).toBeLessThan(1.05e-4);
    model.dispose();
  });

  it('rejects bad options and pairs that do not fit the model', async () => {
    const model = racnnSr({ scale: 2, channels: 1 }).build({ height: SIZE / 2, width: SIZE / 2, channels: 1 });
    await expect(pretrainSr(model, upscaledPairs)).rejects.toThrow(ShapeMismatchError);
    const shortHr = upscaledPairs.lr.slice(0, 3);
    await expect(pretrainSr(model, { lr: pairs.lr, hr: shortHr })).rejects.toThrow(/pairs.hr/);
    await expect(pretrainSr(model, { ...pairs, weights: pairs.hr })).rejects.toThrow(/pairs.weights/);
    await expect(pretrainSr(model, pairs, { epochs: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(pretrainSr(model, pairs, { batch: 1.5 })).rejects.toThrow(/batch/);
    await expect(pretrainSr(model, pairs, { learningRate: -1 })).rejects.toThrow(/learningRate/);
    await expect(pretrainSr(model, pairs, { optimizer: 'rmsprop' as never })).rejects.toThrow(/optimizer/);
    shortHr.dispose();
    model.dispose();
  });
});

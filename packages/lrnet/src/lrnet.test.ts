import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { lrnet } from './lrnet';

function paramsOf(model: tf.LayersModel, prefix: RegExp): number {
  return model.layers
    .filter((layer) => prefix.test(layer.name))
    .reduce((sum, layer) => sum + layer.countParams(), 0);
}

function trainableOf(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, weight) => sum + (weight.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

describe('lrnet', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('has exactly the paper parameter counts at 28×28×1 with 10 classes', () => {
    const model = lrnet().build({ height: 28, width: 28, channels: 1 }, 10);
    expect(model.countParams()).toBe(1_028_234);
    expect(trainableOf(model)).toBe(1_024_998);
    expect(paramsOf(model, /^mk1_/)).toBe(240_604);
    expect(paramsOf(model, /^mk2_/)).toBe(336_882);
    expect(paramsOf(model, /^mk3_/)).toBe(336_882);
    expect(paramsOf(model, /^(head_|predictions)/)).toBe(113_866);
    expect(model.getLayer('mk3_pool').outputShape).toEqual([null, 3, 3, 24]);
    expect(model.getLayer('flatten').outputShape).toEqual([null, 216]);
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    model.dispose();
  });

  it.each([
    [32, 32, 1, 1_071_242],
    [32, 32, 3, 1_079_614],
    [28, 28, 3, 1_036_606],
  ])('has the spec count at %i×%i×%i', (height, width, channels, expected) => {
    const model = lrnet().build({ height, width, channels }, 10);
    expect(model.countParams()).toBe(expected);
    model.dispose();
  });

  it('outputs a probability row per image (softmax) or raw logits (linear)', async () => {
    const probabilities = lrnet({ width: 0.25, seed: 1 }).build({ height: 16, width: 12, channels: 2 }, 5);
    const logits = lrnet({ width: 0.25, seed: 1, classesActivation: 'linear' }).build({ height: 16, width: 12, channels: 2 }, 5);
    const x = tf.randomUniform([3, 16, 12, 2], 0, 1, 'float32', 7);
    const p = probabilities.predict(x) as tf.Tensor;
    const z = logits.predict(x) as tf.Tensor;
    expect(p.shape).toEqual([3, 5]);
    const sums = await p.sum(1).array();
    for (const s of sums as number[]) expect(s).toBeCloseTo(1, 5);
    const softmaxOfLogits = z.softmax();
    expect(Array.from(softmaxOfLogits.dataSync()).map((v, i) => v - p.dataSync()[i]!).every((d) => Math.abs(d) < 1e-6)).toBe(true);
    tf.dispose([x, p, z, softmaxOfLogits]);
    probabilities.dispose();
    logits.dispose();
  });

  it('applies block count, per-block widths and head options', () => {
    const model = lrnet({ blocks: 2, blockWidths: [1, 2], head: [32], dropout: 0.5 }).build({ height: 28, width: 28, channels: 1 }, 4);
    expect(model.getLayer('mk2_a3').outputShape).toEqual([null, 14, 14, 96]);
    expect(model.getLayer('mk2_pool').outputShape).toEqual([null, 7, 7, 48]);
    expect(model.getLayer('head_dense1').outputShape).toEqual([null, 32]);
    expect(model.layers.some((layer) => layer.name === 'head_dense2')).toBe(false);
    expect(model.layers.some((layer) => layer.name.startsWith('mk3_'))).toBe(false);
    expect((model.getLayer('head_dropout1').getConfig() as { rate: number }).rate).toBe(0.5);
    model.dispose();
  });

  it('is reproducible with a seed', () => {
    const a = lrnet({ width: 0.25, seed: 3 }).build({ height: 8, width: 8, channels: 1 }, 3);
    const b = lrnet({ width: 0.25, seed: 3 }).build({ height: 8, width: 8, channels: 1 }, 3);
    const wa = a.getLayer('mk2_c7').getWeights()[0]!;
    const wb = b.getLayer('mk2_c7').getWeights()[0]!;
    expect(Array.from(wa.dataSync())).toEqual(Array.from(wb.dataSync()));
    a.dispose();
    b.dispose();
  });

  it('rejects bad options and inputs with typed errors', () => {
    expect(() => lrnet({ blocks: 0 })).toThrow(InvalidArgumentError);
    expect(() => lrnet({ width: -1 })).toThrow(/width/);
    expect(() => lrnet({ blockWidths: [1, 2] })).toThrow(/blockWidths: expected 3 multipliers/);
    expect(() => lrnet({ dropout: 1 })).toThrow(/dropout/);
    expect(() => lrnet({ head: [64, 0] })).toThrow(/head\[1\]/);
    expect(() => lrnet({ classesActivation: 'sigmoid' as 'linear' })).toThrow(/classesActivation/);
    const backEnd = lrnet();
    expect(backEnd.minimumInput).toEqual({ height: 8, width: 8 });
    expect(() => backEnd.build({ height: 7, width: 28, channels: 1 }, 10)).toThrow(/at least 8×8/);
    expect(() => backEnd.build({ height: 28, width: 28, channels: 1 }, 0)).toThrow(/classes/);
  });

  // Full-width model on the smallest accepted input: the cpu backend's conv gradients are slow at 28×28.
  it('runs an Adam training step on the full-width model without leaking tensors', async () => {
    const model = lrnet({ seed: 5 }).build({ height: 8, width: 8, channels: 1 }, 10);
    const optimizer = tf.train.adam(1e-3);
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 11);
    const y = tf.oneHot(tf.tensor1d([3, 7], 'int32'), 10);
    const step = () =>
      tf.tidy(() => {
        const cost = optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(y, tf.log(tf.clipByValue(model.apply(x, { training: true }) as tf.Tensor, 1e-7, 1))),
          true,
        );
        return cost!.dataSync()[0]!;
      });
    step();
    const kernel = model.getLayer('mk1_a3').getWeights()[0]!;
    const before = kernel.dataSync().slice();
    const loss = await expectNoTensorLeaks(step, 'LR-Net training step');
    expect(Number.isFinite(loss)).toBe(true);
    const after = model.getLayer('mk1_a3').getWeights()[0]!.dataSync();
    expect(after.some((value, i) => value !== before[i])).toBe(true);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});

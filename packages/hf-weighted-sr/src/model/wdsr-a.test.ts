import { initBackend, InvalidArgumentError, loadLayersModel, saveLayersModel, ShapeMismatchError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WeightNormConv2D } from '../layers/weight-norm-conv2d';
import { wdsrA } from './wdsr-a';

beforeAll(async () => {
  await initBackend('cpu');
});

function countTrainable(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((total, weight) => total + tf.util.sizeFromShape(weight.shape as number[]), 0);
}

describe('wdsrA', () => {
  it.each([
    [3, true, 597_716],
    [1, true, 594_004],
    [3, false, 596_380],
    [1, false, 592_684],
  ])('has the spec parameter count for %i channel(s), weight norm %s', (channels, weightNorm, expected) => {
    const model = wdsrA({ weightNorm }).build({ height: 8, width: 8, channels });
    expect(model.countParams()).toBe(expected);
    expect(countTrainable(model)).toBe(expected);
    model.dispose();
  });

  it('maps [N,h,w,c] to [N,2h,2w,c] for the default ×2 and to ×3 with scale 3', async () => {
    await expectNoTensorLeaks(() => {
      for (const scale of [2, 3]) {
        const model = wdsrA({ scale, blocks: 1, features: 4, seed: 1 }).build({ height: 5, width: 7, channels: 3 });
        expect(model.outputs[0]!.shape).toEqual([null, 5 * scale, 7 * scale, 3]);
        const output = tf.tidy(() => model.predict(tf.randomUniform([2, 5, 7, 3], 0, 1, 'float32', 3)) as tf.Tensor);
        expect(output.shape).toEqual([2, 5 * scale, 7 * scale, 3]);
        output.dispose();
        model.dispose();
      }
    }, 'build + predict');
  });

  it('initialises every weight-normalised conv with g = ‖v‖, so the kernel equals v', () => {
    const model = wdsrA({ blocks: 1, features: 4, seed: 5 }).build({ height: 4, width: 4, channels: 1 });
    const convs = model.layers.filter((layer): layer is WeightNormConv2D => layer instanceof WeightNormConv2D);
    expect(convs).toHaveLength(5);
    for (const conv of convs) {
      const [v, g] = conv.getWeights();
      const kernel = conv.kernel();
      const kernelError = tf.tidy(() => kernel.sub(v!).abs().max().dataSync()[0]!);
      expect(kernelError).toBeLessThan(1e-6);
      const norms = tf.tidy(() => Array.from(v!.square().sum([0, 1, 2]).sqrt().dataSync()));
      const gains = Array.from(g!.dataSync());
      expect(gains.length).toBe(norms.length);
      gains.forEach((gain, index) => {
        expect(gain).toBeCloseTo(norms[index]!, 6);
      });
      kernel.dispose();
    }
    model.dispose();
  });

  it('subtracts and adds back 0.5: an all-zero network maps every image to 0.5', () => {
    const model = wdsrA({ blocks: 2, features: 4 }).build({ height: 3, width: 3, channels: 3 });
    model.setWeights(model.getWeights().map((weight) => tf.zerosLike(weight)));
    const output = tf.tidy(() => model.predict(tf.randomUniform([1, 3, 3, 3])) as tf.Tensor);
    expect(Array.from(output.dataSync())).toEqual(new Array(6 * 6 * 3).fill(0.5));
    output.dispose();
    model.dispose();
  });

  it('is reproducible with a seed', () => {
    const weightsOf = () => {
      const model = wdsrA({ blocks: 1, features: 4, seed: 11 }).build({ height: 4, width: 4, channels: 1 });
      const values = model.getWeights().map((weight) => Array.from(weight.dataSync()));
      model.dispose();
      return values;
    };
    expect(weightsOf()).toEqual(weightsOf());
  });

  it('survives a save/load round trip with identical predictions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wdsr-a-'));
    try {
      const model = wdsrA({ blocks: 2, features: 4, seed: 2 }).build({ height: 6, width: 6, channels: 3 });
      const input = tf.randomUniform([2, 6, 6, 3], 0, 1, 'float32', 9);
      await saveLayersModel(model, dir);
      const loaded = await loadLayersModel(dir);
      expect(loaded.countParams()).toBe(model.countParams());
      const [before, after] = tf.tidy(() => [model.predict(input) as tf.Tensor, loaded.predict(input) as tf.Tensor]);
      expect(Array.from(after!.dataSync())).toEqual(Array.from(before!.dataSync()));
      tf.dispose([before!, after!, input]);
      model.dispose();
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('builds a fully convolutional variant for any size', () => {
    const model = wdsrA({ blocks: 1, features: 4 }).buildAnySize(1);
    const output = tf.tidy(() => model.predict(tf.zeros([1, 5, 9, 1])) as tf.Tensor);
    expect(output.shape).toEqual([1, 10, 18, 1]);
    output.dispose();
    model.dispose();
  });

  it('reports the share of HR pixels its loss uses: a lone bright pixel on 3×3 keeps 5 of 9 at α = 1, all at α = 0', async () => {
    // Normalised map: centre 1, edges 0, corners 0.5; μ = 1/3, σ = 1/3, so α = 1 drops the corners (inside (0, 2/3)).
    const hr = tf.tensor4d([0, 0, 0, 0, 1, 0, 0, 0, 0], [1, 3, 3, 1]);
    const shares = await expectNoTensorLeaks(async () => [wdsrA({ alpha: 1 }).lossPixelShare(hr), wdsrA({ alpha: 0 }).lossPixelShare(hr)], 'lossPixelShare');
    expect(shares[0]).toBeCloseTo(5 / 9, 6);
    expect(shares[1]).toBe(1);
    hr.dispose();
  });

  it('rejects bad options and inputs with typed errors', () => {
    expect(() => wdsrA({ scale: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => wdsrA({ blocks: 0 })).toThrow(/blocks/);
    expect(() => wdsrA({ alpha: -1 })).toThrow(/alpha/);
    expect(() => wdsrA({ channels: 3 }).build({ height: 4, width: 4, channels: 1 })).toThrow(ShapeMismatchError);
    expect(() => wdsrA().build({ height: 0, width: 4, channels: 1 })).toThrow(/input\.height/);
  });
});

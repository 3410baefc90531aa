import { imresize, InvalidArgumentError, initBackend, ShapeMismatchError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { racnn } from './index';
import { racnnSr } from './racnn-sr';
import { registerLayers } from './register-layers';
import { srcnn } from './srcnn';

beforeAll(async () => {
  await initBackend('cpu');
});

function trainableCount(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, weight) => sum + weight.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('racnnSr', () => {
  it.each([
    [3, 69_251],
    [1, 57_281],
  ])('has the spec parameter count for %i channel(s) at scale 1 and 2', (channels, parameters) => {
    for (const scale of [1, 2]) {
      const model = racnnSr({ scale, channels }).build({ height: 10, width: 12, channels });
      expect(model.countParams()).toBe(parameters);
      expect(trainableCount(model)).toBe(parameters);
      expect(model.outputs[0]!.shape).toEqual([null, 10 * scale, 12 * scale, channels]);
      expect(model.layers.map((layer) => layer.name)).toEqual(expect.arrayContaining(['sconv1', 'sconv2', 'sconv3']));
      model.dispose();
    }
  });

  it('builds sconv1 9×9×64 ReLU, sconv2 5×5×32 ReLU, sconv3 5×5×channels linear with same padding', () => {
    const model = racnnSr({ channels: 3 }).build({ height: 8, width: 8, channels: 3 });
    const spec = [
      ['sconv1', 9, 64, 'relu'],
      ['sconv2', 5, 32, 'relu'],
      ['sconv3', 5, 3, 'linear'],
    ] as const;
    for (const [name, kernel, filters, activation] of spec) {
      const config = model.getLayer(name).getConfig();
      expect(config).toMatchObject({ kernelSize: [kernel, kernel], filters, activation, padding: 'same' });
    }
    model.dispose();
  });

  it('with Gaussian init stays within 1e-2 of its bicubic-up-scaled input', () => {
    const x = tf.randomUniform([2, 7, 9, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    for (const scale of [1, 2]) {
      const model = racnnSr({ scale, channels: 3, seed: 1 }).build({ height: 7, width: 9, channels: 3 });
      const output = model.predict(x) as tf.Tensor;
      const upscaled = scale === 1 ? tf.clone(x) : imresize(x, { scale });
      expect(output.shape).toEqual(upscaled.shape);
      const difference = maxDifference(output, upscaled);
      expect(difference).toBeLessThan(1e-2);
      expect(difference).toBeGreaterThan(0);
      tf.dispose([output, upscaled]);
      model.dispose();
    }
    x.dispose();
  });

  it('initialises kernels with std 0.001 and zero biases, reproducibly from the seed', () => {
    const first = racnnSr({ seed: 7 }).build({ height: 6, width: 6, channels: 1 });
    const second = racnnSr({ seed: 7 }).build({ height: 6, width: 6, channels: 1 });
    const other = racnnSr({ seed: 8 }).build({ height: 6, width: 6, channels: 1 });
    const [kernel, bias] = first.getLayer('sconv2').getWeights() as [tf.Tensor, tf.Tensor];
    const moments = tf.moments(kernel);
    expect(moments.mean.dataSync()[0]!).toBeCloseTo(0, 4);
    expect(Math.sqrt(moments.variance.dataSync()[0]!)).toBeGreaterThan(0.00095);
    expect(Math.sqrt(moments.variance.dataSync()[0]!)).toBeLessThan(0.00105);
    expect(Array.from(bias.dataSync()).every((value) => value === 0)).toBe(true);
    const kernelOf = (model: tf.LayersModel) => model.getLayer('sconv1').getWeights()[0]!;
    expect(maxDifference(kernelOf(first), kernelOf(second))).toBe(0);
    expect(maxDifference(kernelOf(first), kernelOf(other))).toBeGreaterThan(0);
    tf.dispose([moments.mean, moments.variance]);
    [first, second, other].forEach((model) => {
      model.dispose();
    });
  });

  it('round-trips through toJSON → tf.models.modelFromJSON after registerLayers', async () => {
    registerLayers();
    registerLayers(); // idempotent
    const model = racnnSr({ scale: 2, channels: 1, seed: 2 }).build({ height: 5, width: 6, channels: 1 });
    const topology = model.toJSON(undefined, false) as tf.io.ModelJSON['modelTopology'];
    const restored = await tf.models.modelFromJSON({ modelTopology: topology });
    expect(restored.countParams()).toBe(57_281);
    restored.setWeights(model.getWeights());
    const x = tf.randomUniform([1, 5, 6, 1], 0, 1, 'float32', 4);
    const expected = model.predict(x) as tf.Tensor;
    const got = restored.predict(x) as tf.Tensor;
    expect(got.shape).toEqual([1, 10, 12, 1]);
    expect(maxDifference(expected, got)).toBeLessThan(1e-6);
    tf.dispose([x, expected, got]);
    model.dispose();
    restored.dispose();
  });

  it('builds and predicts without leaking tensors once disposed', async () => {
    await expectNoTensorLeaks(() => {
      const model = racnnSr({ scale: 2 }).build({ height: 4, width: 4, channels: 3 });
      tf.dispose(tf.tidy(() => model.predict(tf.ones([1, 4, 4, 3]))));
      model.dispose();
    }, 'build + predict + dispose');
  });

  it('rejects inputs and options outside the contract with typed errors', () => {
    expect(() => racnnSr({ channels: 3 }).build({ height: 8, width: 8, channels: 1 })).toThrow(ShapeMismatchError);
    expect(() => racnnSr({ scale: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => racnnSr({ scale: 0 })).toThrow(/scale/);
    expect(() => racnnSr({ channels: 0 })).toThrow(/channels/);
    expect(() => racnnSr({ init: 'uniform' as never })).toThrow(/init/);
    expect(() => racnnSr({ init: 'pretrained' })).toThrow(/weights/);
    expect(() => racnnSr({ weights: '/tmp/x' })).toThrow(/weights/);
    expect(() => racnnSr({ standardDeviation: -1 })).toThrow(/standardDeviation/);
    expect(() => racnnSr().build({ height: 0, width: 8, channels: 1 })).toThrow(/input.height/);
    expect(() => racnnSr({ init: 'pretrained', weights: '/nonexistent' }).build({ height: 4, width: 4, channels: 1 })).toThrow(/load\(\)/);
  });

  it('exposes the SrFrontEnd contract and a default instance', () => {
    const frontEnd = racnnSr({ scale: 2 });
    expect(frontEnd).toMatchObject({ kind: 'sr', name: 'racnn', scale: 2, residual: true, init: 'gaussian' });
    expect(typeof frontEnd.pixelLoss).toBe('function');
    expect(racnn).toMatchObject({ kind: 'sr', scale: 1 });
  });
});

describe('srcnn', () => {
  it.each([
    ['9-5-5', 3, 69_251],
    ['9-5-5', 1, 57_281],
    ['9-1-5', 3, 20_099],
    ['9-1-5', 1, 8_129],
  ] as const)('%s with %i channel(s) has %i parameters and no residual', (variant, channels, parameters) => {
    const frontEnd = srcnn({ variant, channels, scale: 2 });
    expect(frontEnd.residual).toBe(false);
    const model = frontEnd.build({ height: 6, width: 6, channels });
    expect(model.countParams()).toBe(parameters);
    expect(model.outputs[0]!.shape).toEqual([null, 12, 12, channels]);
    expect(model.layers.some((layer) => layer.name === 'residual')).toBe(false);
    model.dispose();
  });

  it('outputs sconv3 alone: near zero under Gaussian init', () => {
    const model = srcnn({ seed: 3 }).build({ height: 6, width: 6, channels: 1 });
    const output = model.predict(tf.ones([1, 6, 6, 1])) as tf.Tensor;
    expect(tf.tidy(() => tf.max(tf.abs(output)).dataSync()[0]!)).toBeLessThan(1e-3);
    output.dispose();
    model.dispose();
    expect(() => srcnn({ variant: '9-3-5' as never })).toThrow(/variant/);
  });
});

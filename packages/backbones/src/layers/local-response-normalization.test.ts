import { initBackend, InvalidArgumentError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalResponseNormalization } from './local-response-normalization';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Caffe's ACROSS_CHANNELS LRN written as plain loops over an NHWC array. */
function caffeLrn(values: Float32Array, shape: number[], size: number, alpha: number, beta: number, k: number): Float32Array {
  const channels = shape[3]!;
  const out = new Float32Array(values.length);
  const half = (size - 1) / 2;
  for (let pixel = 0; pixel < values.length / channels; pixel++) {
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let j = Math.max(0, c - half); j <= Math.min(channels - 1, c + half); j++) sum += values[pixel * channels + j]! ** 2;
      out[pixel * channels + c] = values[pixel * channels + c]! / (k + (alpha / size) * sum) ** beta;
    }
  }
  return out;
}

describe('LocalResponseNormalization', () => {
  it('matches Caffe’s formula computed with plain loops', async () => {
    const shape = [2, 3, 3, 7];
    const x = tf.randomNormal(shape, 0, 20, 'float32', 3);
    const values = x.dataSync() as Float32Array;
    for (const [size, alpha, beta, bias] of [[5, 1e-4, 0.75, 1], [3, 0.5, 0.6, 2]] as const) {
      const layer = new LocalResponseNormalization({ size, alpha, beta, bias });
      const actual = await expectNoTensorLeaks(() => tf.tidy(() => (layer.apply(x) as tf.Tensor).dataSync()), 'LRN');
      const expected = caffeLrn(values, shape, size, alpha, beta, bias);
      for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 4);
    }
    x.dispose();
  });

  it('reports its Caffe parameters in getConfig', () => {
    const layer = new LocalResponseNormalization({ name: 'norm', size: 3, alpha: 2e-4, beta: 0.5, bias: 2 });
    expect(layer.getConfig()).toMatchObject({ name: 'norm', size: 3, alpha: 2e-4, beta: 0.5, bias: 2 });
    expect(layer.getClassName()).toBe('LocalResponseNormalization');
  });

  it('rejects an even window with a typed error', () => {
    expect(() => new LocalResponseNormalization({ size: 4 })).toThrow(InvalidArgumentError);
    expect(() => new LocalResponseNormalization({ alpha: Number.NaN })).toThrow(/alpha/);
  });
});

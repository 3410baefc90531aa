import { imresize, InvalidArgumentError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BicubicUpscale } from './bicubic-upscale';
import { registerLayers } from './register-layers';

beforeAll(async () => {
  await initBackend('cpu');
  registerLayers();
});

/** MATLAB's cubic kernel (a = −0.5), written out independently of @lowres/core. */
function cubic(t: number): number {
  const x = Math.abs(t);
  if (x <= 1) return 1.5 * x ** 3 - 2.5 * x ** 2 + 1;
  if (x <= 2) return -0.5 * x ** 3 + 2.5 * x ** 2 - 4 * x + 2;
  return 0;
}

/** Plain-loop MATLAB imresize up-scaling of one axis position: (indices, weights) for output o (0-based). */
function taps(o: number, inLength: number, scale: number): [number[], number[]] {
  const u = (o + 1) / scale + 0.5 * (1 - 1 / scale);
  const left = Math.floor(u - 2);
  const indices: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k < 6; k++) {
    const position = left + k; // 1-based
    let index = position - 1;
    while (index < 0 || index >= inLength) index = index < 0 ? -index - 1 : 2 * inLength - index - 1;
    indices.push(index);
    weights.push(cubic(u - position));
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  return [indices, weights.map((w) => w / sum)];
}

function referenceUpscale(image: Float32Array, [n, h, w, c]: number[], scale: number): Float32Array {
  const [H, W] = [h! * scale, w! * scale];
  const out = new Float32Array(n! * H * W * c!);
  for (let b = 0; b < n!; b++)
    for (let i = 0; i < H; i++)
      for (let j = 0; j < W; j++)
        for (let ch = 0; ch < c!; ch++) {
          const [ri, rw] = taps(i, h!, scale);
          const [ci, cw] = taps(j, w!, scale);
          let value = 0;
          for (let p = 0; p < 6; p++)
            for (let q = 0; q < 6; q++) value += rw[p]! * cw[q]! * image[((b * h! + ri[p]!) * w! + ci[q]!) * c! + ch]!;
          out[((b * H + i) * W + j) * c! + ch] = value;
        }
  return out;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('BicubicUpscale', () => {
  it.each([2, 3, 4])('equals imresize up-scaling by %i to 1e-5', (scale) => {
    const x = tf.randomUniform([2, 7, 5, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
    const layer = new BicubicUpscale({ scale });
    const got = layer.apply(x) as tf.Tensor;
    const expected = imresize(x, { scale });
    expect(got.shape).toEqual([2, 7 * scale, 5 * scale, 3]);
    expect(expected.shape).toEqual(got.shape);
    expect(maxDifference(got.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, got, expected]);
  });

  it('matches a plain-loop MATLAB bicubic reference', () => {
    const shape = [1, 4, 6, 2];
    const values = Float32Array.from({ length: 48 }, (_, i) => Math.sin(i * 0.7) * 0.5 + 0.5);
    const x = tf.tensor4d(values, shape as [number, number, number, number]);
    const got = new BicubicUpscale({ scale: 3 }).apply(x) as tf.Tensor;
    expect(maxDifference(got.dataSync(), referenceUpscale(values, shape, 3))).toBeLessThan(1e-5);
    tf.dispose([x, got]);
  });

  it('has no weights and reports its output shape, including unknown sizes', () => {
    const layer = new BicubicUpscale({ scale: 2 });
    expect(layer.computeOutputShape([null, 14, 10, 1])).toEqual([null, 28, 20, 1]);
    expect(layer.computeOutputShape([null, null, null, 3])).toEqual([null, null, null, 3]);
    const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [5, 5, 1] }), layer] });
    expect(model.countParams()).toBe(0);
    expect(model.weights).toHaveLength(0);
    model.dispose();
  });

  it('rejects a non-integer or non-positive scale and a non-4D input', () => {
    expect(() => new BicubicUpscale({ scale: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => new BicubicUpscale({ scale: 0 })).toThrow(/scale: expected a positive integer, got 0/);
    const image = tf.zeros([4, 4, 1]);
    expect(() => new BicubicUpscale({ scale: 2 }).apply(image)).toThrow(InvalidArgumentError);
    image.dispose();
  });

  it('passes gradients: d Σ out / d x is the product of the matrices’ column sums', () => {
    const x = tf.randomUniform([1, 3, 4, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const layer = new BicubicUpscale({ scale: 2 });
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input) as tf.Tensor))(x);
    // Σ_ij R[i,p] C[j,q] = (Σ_i R[i,p]) (Σ_j C[j,q]), computed from the plain-loop taps.
    const columnSums = (inLength: number): number[] => {
      const sums = new Array<number>(inLength).fill(0);
      for (let o = 0; o < inLength * 2; o++) {
        const [indices, weights] = taps(o, inLength, 2);
        indices.forEach((index, k) => {
          sums[index] = sums[index]! + weights[k]!;
        });
      }
      return sums;
    };
    const rows = columnSums(3);
    const columns = columnSums(4);
    const expected = rows.flatMap((r) => columns.map((c) => r * c));
    expect(maxDifference(gradient.dataSync(), expected)).toBeLessThan(1e-5);
    tf.dispose([x, gradient]);
  });

  it('serialises its scale and leaks nothing when called', async () => {
    const layer = new BicubicUpscale({ scale: 3, name: 'up' });
    expect(layer.getConfig()).toMatchObject({ scale: 3, name: 'up' });
    const entry = tf.serialization.SerializationMap.getMap().classNameMap.RacnnBicubicUpscale;
    expect(entry).toBeDefined();
    const [layerClass, fromConfig] = entry!;
    const restored = fromConfig(layerClass, layer.getConfig()) as BicubicUpscale;
    expect(restored).toBeInstanceOf(BicubicUpscale);
    expect(restored.scale).toBe(3);
    const x = tf.ones([1, 2, 2, 1]);
    await expectNoTensorLeaks(() => tf.dispose(layer.apply(x) as tf.Tensor), 'bicubic call');
    x.dispose();
  });
});

describe('BicubicUpscale as the first layer of a saved Sequential', () => {
  it('keeps its input shape through toJSON → modelFromJSON', async () => {
    const model = tf.sequential({ layers: [new BicubicUpscale({ scale: 2, inputShape: [3, 3, 1] })] });
    const restored = await tf.models.modelFromJSON({ modelTopology: model.toJSON(undefined, false) as tf.io.ModelJSON['modelTopology'] });
    expect(restored.outputs[0]!.shape).toEqual([null, 6, 6, 1]);
    const x = tf.randomUniform([1, 3, 3, 1], 0, 1, 'float32', 8);
    const [a, b] = [model.predict(x) as tf.Tensor, restored.predict(x) as tf.Tensor];
    expect(maxDifference(a.dataSync(), b.dataSync())).toBe(0);
    tf.dispose([x, a, b]);
    model.dispose();
    restored.dispose();
  });
});

import { initBackend, ShapeMismatchError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PixelShuffle, pixelShuffle } from './pixel-shuffle';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('pixelShuffle', () => {
  it.each([2, 3])('equals tf.depthToSpace (NHWC) for scale %i', (scale) => {
    const input = tf.randomUniform([2, 3, 4, 2 * scale * scale], -1, 1, 'float32', scale) as tf.Tensor4D;
    const [ours, reference] = tf.tidy(() => [pixelShuffle(input, scale), tf.depthToSpace(input, scale, 'NHWC')]);
    expect(ours!.shape).toEqual([2, 3 * scale, 4 * scale, 2]);
    expect(Array.from(ours!.dataSync())).toEqual(Array.from(reference!.dataSync()));
    tf.dispose([input, ours!, reference!]);
  });

  it('follows out[n, y·s+i, x·s+j, c] = in[n, y, x, (i·s+j)·C+c] (plain loop)', () => {
    const [batch, height, width, channels, scale] = [2, 2, 3, 3, 2];
    const depth = channels * scale * scale;
    const values = Float32Array.from({ length: batch * height * width * depth }, (_, index) => index);
    const output = tf.tidy(() => pixelShuffle(tf.tensor4d(values, [batch, height, width, depth]), scale));
    const actual = output.dataSync();
    const outHeight = height * scale;
    const outWidth = width * scale;
    for (let n = 0; n < batch; n++)
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++)
          for (let i = 0; i < scale; i++)
            for (let j = 0; j < scale; j++)
              for (let c = 0; c < channels; c++) {
                const source = ((n * height + y) * width + x) * depth + (i * scale + j) * channels + c;
                const target = ((n * outHeight + y * scale + i) * outWidth + x * scale + j) * channels + c;
                expect(actual[target]).toBe(values[source]);
              }
    output.dispose();
  });

  it('has a gradient: the upstream gradient shuffled back (tf.depthToSpace has none in 4.22)', async () => {
    const scale = 2;
    const input = tf.randomUniform([1, 2, 3, 8], 0, 1, 'float32', 1) as tf.Tensor4D;
    const upstream = tf.randomUniform([1, 4, 6, 2], -1, 1, 'float32', 2) as tf.Tensor4D;
    await expectNoTensorLeaks(() => {
      const gradient = tf.tidy(() => tf.grad((x: tf.Tensor) => pixelShuffle(x as tf.Tensor4D, scale).mul(upstream).sum())(input));
      // Shuffling is a permutation, so its gradient at in[...] is the upstream value at the matching output.
      const expected = tf.tidy(() => pixelShuffle(tf.range(0, input.size).reshape(input.shape), scale));
      const positions = expected.dataSync();
      const upstreamValues = upstream.dataSync();
      const gradientValues = gradient.dataSync();
      positions.forEach((sourceIndex, outputIndex) => {
        expect(gradientValues[sourceIndex]).toBe(upstreamValues[outputIndex]);
      });
      tf.dispose([gradient, expected]);
    }, 'pixel shuffle gradient');
    tf.dispose([input, upstream]);
  });

  it('layer computes the output shape and serialises its scale', () => {
    const layer = new PixelShuffle({ scale: 3 });
    expect(layer.computeOutputShape([null, 4, null, 18])).toEqual([null, 12, null, 2]);
    expect(layer.getConfig().scale).toBe(3);
    expect(() => layer.computeOutputShape([null, 4, 4, 10])).toThrow(ShapeMismatchError);
    expect(() => pixelShuffle(tf.zeros([1, 2, 2, 3]) as tf.Tensor4D, 2)).toThrow(ShapeMismatchError);
  });
});

import { initBackend } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ceilMaxPool, paddedConv2d } from './layer-helpers';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Caffe max pooling (ceil mode, no padding) over one channel, windows clipped to the image. */
function caffeMaxPool(image: number[][], size: number, stride: number): number[][] {
  const [height, width] = [image.length, image[0]!.length];
  const outHeight = Math.ceil((height - size) / stride) + 1;
  const outWidth = Math.ceil((width - size) / stride) + 1;
  return Array.from({ length: outHeight }, (_, i) =>
    Array.from({ length: outWidth }, (_, j) => {
      let best = Number.NEGATIVE_INFINITY;
      for (let r = i * stride; r < Math.min(i * stride + size, height); r++) {
        for (let c = j * stride; c < Math.min(j * stride + size, width); c++) best = Math.max(best, image[r]![c]!);
      }
      return best;
    }),
  );
}

describe('ceilMaxPool', () => {
  it('equals Caffe’s ceil-mode pooling on non-negative maps of odd and even sizes', () => {
    for (const [height, width] of [[8, 7], [13, 13], [14, 9]] as const) {
      const input = tf.input({ shape: [height, width, 1] });
      const model = tf.model({ inputs: input, outputs: ceilMaxPool(input, { name: 'pool', poolSize: 3, strides: 2 }) });
      const x = tf.randomUniform([1, height, width, 1], 0, 1, 'float32', height);
      const image = (x.reshape([height, width]).arraySync() as number[][]);
      const output = model.predict(x) as tf.Tensor;
      const expected = caffeMaxPool(image, 3, 2);
      expect(output.shape).toEqual([1, expected.length, expected[0]!.length, 1]);
      expect((output.reshape([expected.length, expected[0]!.length]).arraySync() as number[][])).toEqual(expected);
      tf.dispose([x, output]);
      model.dispose();
    }
  });
});

describe('paddedConv2d', () => {
  it('pads symmetrically like PyTorch (stride 2 on an even map)', () => {
    const input = tf.input({ shape: [6, 6, 2] });
    const output = paddedConv2d(input, { name: 'conv', filters: 3, kernelSize: 3, strides: 2, padding: 1, useBias: false });
    const model = tf.model({ inputs: input, outputs: output });
    const x = tf.randomNormal([1, 6, 6, 2], 0, 1, 'float32', 4);
    const kernel = model.getLayer('conv').getWeights()[0] as tf.Tensor4D;
    const actual = model.predict(x) as tf.Tensor;
    const expected = tf.conv2d(x as tf.Tensor4D, kernel, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]);
    expect(actual.shape).toEqual([1, 3, 3, 3]);
    const [a, b] = [actual.dataSync(), expected.dataSync()];
    for (let i = 0; i < b.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
    tf.dispose([x, actual, expected]);
    model.dispose();
  });
});

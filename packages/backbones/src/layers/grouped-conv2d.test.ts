import { initBackend, InvalidArgumentError, ShapeMismatchError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GroupedConv2D } from './grouped-conv2d';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Grouped convolution as plain loops (NHWC, square kernel, symmetric or no padding). */
function groupedConvolution(
  x: number[][][][],
  kernels: number[][][][][],
  bias: number[],
  { stride, pad }: { stride: number; pad: number },
): number[][][][] {
  const groups = kernels.length;
  const size = kernels[0]!.length;
  const perGroupIn = kernels[0]![0]![0]!.length;
  const perGroupOut = kernels[0]![0]![0]![0]!.length;
  const [height, width] = [x[0]!.length, x[0]![0]!.length];
  const outHeight = Math.floor((height + 2 * pad - size) / stride) + 1;
  const outWidth = Math.floor((width + 2 * pad - size) / stride) + 1;
  return x.map((image) =>
    Array.from({ length: outHeight }, (_, i) =>
      Array.from({ length: outWidth }, (_, j) =>
        Array.from({ length: groups * perGroupOut }, (_, output) => {
          const group = Math.floor(output / perGroupOut);
          let sum = bias[output]!;
          for (let u = 0; u < size; u++) {
            for (let v = 0; v < size; v++) {
              const row = i * stride + u - pad;
              const column = j * stride + v - pad;
              if (row < 0 || column < 0 || row >= height || column >= width) continue;
              for (let c = 0; c < perGroupIn; c++) {
                sum += image[row]![column]![group * perGroupIn + c]! * kernels[group]![u]![v]![c]![output % perGroupOut]!;
              }
            }
          }
          return sum;
        }),
      ),
    ),
  );
}

describe('GroupedConv2D', () => {
  it('matches a plain-loop grouped convolution (same/valid, stride 1/2)', async () => {
    const x = tf.randomNormal([2, 7, 6, 6], 0, 1, 'float32', 11);
    const input = x.arraySync() as number[][][][];
    for (const [padding, strides, kernelSize] of [['valid', 1, 3], ['same', 1, 3], ['valid', 2, 3], ['same', 1, 5]] as const) {
      const layer = new GroupedConv2D({ filters: 4, kernelSize, groups: 2, strides, padding, biasValue: 0.25 });
      tf.dispose(layer.apply(x) as tf.Tensor); // builds the weights
      const actual = await expectNoTensorLeaks(() => tf.tidy(() => (layer.apply(x) as tf.Tensor).arraySync()), 'grouped conv');
      const kernels = layer.weights.slice(0, 2).map((weight) => weight.read().arraySync() as number[][][][]);
      const bias = layer.weights[2]!.read().arraySync() as number[];
      const expected = groupedConvolution(input, kernels, bias, { stride: strides, pad: padding === 'same' ? (kernelSize - 1) / 2 : 0 });
      expect(layer.computeOutputShape(x.shape)).toEqual([2, expected[0]!.length, expected[0]![0]!.length, 4]);
      const flatActual = (actual as number[][][][]).flat(3);
      const flatExpected = expected.flat(3);
      expect(flatActual).toHaveLength(flatExpected.length);
      flatExpected.forEach((value, i) => {
      expect(flatActual[i]).toBeCloseTo(value, 4);
    });
      layer.dispose();
    }
    x.dispose();
  });

  it('has Caffe’s parameter count: k·k·(in/g)·out + out', () => {
    const layer = new GroupedConv2D({ filters: 256, kernelSize: 5, groups: 2, padding: 'same' });
    layer.apply(tf.input({ shape: [27, 27, 96] }));
    expect(layer.countParams()).toBe(5 * 5 * 48 * 256 + 256);
    expect(layer.weights.map((weight) => weight.originalName)).toEqual([
      `${layer.name}/kernel_0`,
      `${layer.name}/kernel_1`,
      `${layer.name}/bias`,
    ]);
    layer.dispose();
  });

  it('rejects channel counts that do not split into the groups', () => {
    expect(() => new GroupedConv2D({ filters: 5, kernelSize: 3, groups: 2 })).toThrow(InvalidArgumentError);
    expect(() => new GroupedConv2D({ filters: 4, kernelSize: 0, groups: 2 })).toThrow(/kernelSize/);
    const layer = new GroupedConv2D({ filters: 4, kernelSize: 3, groups: 2 });
    expect(() => layer.apply(tf.input({ shape: [8, 8, 3] }))).toThrow(ShapeMismatchError);
  });
});

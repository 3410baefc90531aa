import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countFlops } from './count-flops';
import { countParams } from './count-params';

beforeAll(async () => {
  await initBackend('cpu');
});

const built: tf.LayersModel[] = [];
function keep<T extends tf.LayersModel>(model: T): T {
  built.push(model);
  return model;
}
afterEach(() => {
  for (const model of built.splice(0)) model.dispose();
});

function single(layer: tf.layers.Layer, inputShape: number[]): tf.LayersModel {
  const input = tf.input({ shape: inputShape });
  return keep(tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor }));
}

describe('countFlops', () => {
  it('counts a conv2d as H_out·W_out·k_h·k_w·C_in·C_out', () => {
    const same = single(tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same' }), [32, 32, 3]);
    expect(countFlops(same).multiplyAccumulates).toBe(32 * 32 * 3 * 3 * 3 * 16);
    const strided = single(tf.layers.conv2d({ filters: 8, kernelSize: [5, 3], strides: 2, padding: 'valid' }), [17, 20, 4]);
    // valid: ceil((17 − 5 + 1) / 2) = 7 rows, ceil((20 − 3 + 1) / 2) = 9 columns
    expect(countFlops(strided).multiplyAccumulates).toBe(7 * 9 * 5 * 3 * 4 * 8);
    expect(countFlops(strided).floatingPointOperations).toBe(2 * 7 * 9 * 5 * 3 * 4 * 8);
  });

  it('counts a dense layer as inputs·units, over every leading position', () => {
    expect(countFlops(single(tf.layers.dense({ units: 10 }), [64])).multiplyAccumulates).toBe(640);
    expect(countFlops(single(tf.layers.dense({ units: 7 }), [5, 6])).multiplyAccumulates).toBe(5 * 6 * 7);
  });

  it('counts depthwise, separable and transposed convolutions by their formulas', () => {
    const depthwise = single(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }), [10, 12, 4]);
    expect(countFlops(depthwise).multiplyAccumulates).toBe(10 * 12 * 9 * 4 * 2);
    const separable = single(tf.layers.separableConv2d({ filters: 6, kernelSize: 3, padding: 'valid' }), [10, 12, 4]);
    expect(countFlops(separable).multiplyAccumulates).toBe(8 * 10 * 9 * 4 + 8 * 10 * 4 * 6);
    const transposed = single(tf.layers.conv2dTranspose({ filters: 5, kernelSize: 4, strides: 2, padding: 'same' }), [6, 7, 3]);
    expect(countFlops(transposed).multiplyAccumulates).toBe(6 * 7 * 16 * 3 * 5);
  });

  it('sums the layers of a multi-layer net and ignores pooling, batch norm and activations', () => {
    const model = keep(
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
          tf.layers.batchNormalization(),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'valid' }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 32 }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      }),
    );
    const result = countFlops(model);
    const conv1 = 28 * 28 * 9 * 1 * 8;
    const conv2 = 12 * 12 * 9 * 8 * 16;
    const dense1 = 12 * 12 * 16 * 32;
    const dense2 = 32 * 10;
    expect(result.multiplyAccumulates).toBe(conv1 + conv2 + dense1 + dense2);
    expect(result.layers.filter((layer) => layer.counted).map((layer) => layer.multiplyAccumulates)).toEqual([conv1, conv2, dense1, dense2]);
    expect(result.ignoredClasses).toEqual(['BatchNormalization', 'Flatten', 'MaxPooling2D']);
  });

  it('counts each call of a shared layer and of a nested model, and nothing from other graphs', () => {
    const inner = keep(tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 4], filters: 4, kernelSize: 3, padding: 'same' })] }));
    const innerCost = 8 * 8 * 9 * 4 * 4;
    const input = tf.input({ shape: [8, 8, 4] });
    const twice = inner.apply(inner.apply(input)) as tf.SymbolicTensor;
    const shared = tf.layers.dense({ units: 4 });
    const out = shared.apply(shared.apply(twice)) as tf.SymbolicTensor;
    const outer = keep(tf.model({ inputs: input, outputs: out }));
    const result = countFlops(outer);
    expect(result.multiplyAccumulates).toBe(2 * innerCost + 2 * 8 * 8 * 4 * 4);
    expect(result.layers.map((layer) => layer.calls)).toEqual([2, 2]);
    expect(result.layers[0]!.name).toMatch(/\//);
    expect(countFlops(inner).multiplyAccumulates).toBe(innerCost);
  });

  it('throws a typed error when spatial sizes are unknown', () => {
    const model = single(tf.layers.conv2d({ filters: 2, kernelSize: 3 }), [null as unknown as number, null as unknown as number, 3]);
    expect(() => countFlops(model)).toThrow(InvalidArgumentError);
    expect(() => countFlops(model)).toThrow(/fixed input size/);
  });
});

describe('cost counting', () => {
  it('leaks no tensors over 1,000 counts', async () => {
    const model = keep(tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3 })] }));
    await expectNoTensorLeaks(() => {
      for (let i = 0; i < 1000; i += 1) {
        countFlops(model);
        countParams(model);
      }
    }, 'countFlops/countParams');
  });
});

describe('countParams', () => {
  it('splits trainable and non-trainable parameters and agrees with model.countParams()', () => {
    const frozen = tf.layers.dense({ units: 5, trainable: false });
    const model = keep(
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [6, 6, 3], filters: 4, kernelSize: 3 }),
          tf.layers.batchNormalization(),
          tf.layers.flatten(),
          frozen,
          tf.layers.dense({ units: 2, useBias: false }),
        ],
      }),
    );
    const counts = countParams(model);
    const conv = 3 * 3 * 3 * 4 + 4;
    const batchNorm = 4 * 4;
    const frozenDense = 4 * 4 * 4 * 5 + 5;
    const last = 5 * 2;
    expect(counts.total).toBe(conv + batchNorm + frozenDense + last);
    expect(counts.total).toBe(model.countParams());
    expect(counts.trainable).toBe(conv + 2 * 4 + last);
    expect(counts.nonTrainable).toBe(2 * 4 + frozenDense);
    expect(counts.layers.map((layer) => layer.total)).toEqual([conv, batchNorm, 0, frozenDense, last]);
  });
});

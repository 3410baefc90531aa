import * as tf from '@tensorflow/tfjs';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { NativeBackend } from './native-backend';
import { nativeImplementations } from './register-native-backend';
import { nativeForTests } from './test-support';

const { available } = nativeForTests();

describe.skipIf(!available)('the native backend', () => {
  beforeAll(() => tf.setBackend('native'));

  it('is a registered TF.js backend named native', () => {
    expect(tf.getBackend()).toBe('native');
    expect(tf.backend()).toBeInstanceOf(NativeBackend);
  });

  it('hands out copies of recycled buffers, so values read stay valid after dispose', async () => {
    const backend = tf.backend() as NativeBackend;
    const x = tf.tensor([1, 2, 3, 4]);
    const y = tf.mul(x, 2);
    const read = y.dataSync();
    expect(backend.pool.owns(read)).toBe(false);
    y.dispose();
    tf.tidy(() => tf.mul(x, 10).dataSync());
    expect(Array.from(read)).toEqual([2, 4, 6, 8]);
    expect(Array.from(await tf.tidy(() => tf.mul(x, 3)).data())).toEqual([3, 6, 9, 12]);
    x.dispose();
  });

  it("keeps a buffer alive while a cpu kernel's view of it lives (stridedSlice falls back to cpu)", () => {
    const x = tf.mul(tf.range(0, 24, 1, 'float32').reshape([2, 3, 4]), 1);
    const row = tf.stridedSlice(x, [1, 0, 0], [2, 3, 4]);
    x.dispose();
    tf.tidy(() => {
      for (let i = 0; i < 5; i++) tf.mul(tf.ones([2, 3, 4]), 7).dataSync();
    });
    expect(Array.from(row.dataSync())).toEqual(Array.from({ length: 12 }, (_, i) => 12 + i));
    row.dispose();
  });

  it("names oneDNN's implementation of each convolution it ran (none of them its reference kernel)", () => {
    tf.tidy(() => tf.conv2d(tf.ones([2, 9, 9, 8]) as tf.Tensor4D, tf.ones([3, 3, 8, 16]) as tf.Tensor4D, 1, 'same').dataSync());
    const implementations = nativeImplementations();
    expect(implementations.some((line) => line.startsWith('0:2,9,9,8,9,9,16,3,3'))).toBe(true);
    expect(implementations.filter((line) => / ref/.test(line))).toEqual([]);
  });

  it('leaks no tensors over a training step of a small conv net', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
        tf.layers.batchNormalization(),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
    const x = tf.randomNormal([4, 8, 8, 1]);
    const y = tf.oneHot([0, 1, 2, 0], 3);
    await model.trainOnBatch(x, y);
    await expectNoTensorLeaks(() => model.trainOnBatch(x, y), 'trainOnBatch');
    tf.dispose([x, y]);
    model.dispose();
  });
});

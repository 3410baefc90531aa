import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { expectNoTensorLeaks } from '../testing/leaks';
import { reestimateBatchNorm } from './reestimate-batch-norm';

function convBnModel(): tf.LayersModel {
  const input = tf.input({ shape: [5, 5, 2] });
  const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'conv' }).apply(input) as tf.SymbolicTensor;
  const normalised = tf.layers.batchNormalization({ name: 'bn' }).apply(conv) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({}).apply(normalised) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: pooled });
}

describe('reestimateBatchNorm', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('sets moving statistics to the per-channel mean and biased variance of the layer inputs (plain-loop reference)', async () => {
    const model = convBnModel();
    const images = tf.randomNormal([6, 5, 5, 2], 0.5, 2, 'float32', 3) as tf.Tensor4D;
    const batches = [images.slice(0, 4), images.slice(4, 2)] as tf.Tensor4D[];
    const updated = await expectNoTensorLeaks(() => reestimateBatchNorm(model, batches), 'reestimateBatchNorm');
    expect(updated).toBe(1);
    const convOutput = tf.model({ inputs: model.inputs, outputs: model.getLayer('conv').output as tf.SymbolicTensor });
    const values = (convOutput.predict(images) as tf.Tensor).dataSync();
    const channels = 3;
    const count = values.length / channels;
    const mean = [0, 0, 0];
    const squares = [0, 0, 0];
    values.forEach((value, i) => {
      mean[i % channels]! += value / count;
      squares[i % channels]! += (value * value) / count;
    });
    const [movingMean, movingVariance] = model.getLayer('bn').getWeights().slice(2);
    Array.from(movingMean!.dataSync()).forEach((value, c) => {
      expect(value).toBeCloseTo(mean[c]!, 4);
    });
    Array.from(movingVariance!.dataSync()).forEach((value, c) => {
      expect(value).toBeCloseTo(squares[c]! - mean[c]! ** 2, 3);
    });
    tf.dispose([images, ...batches]);
    model.dispose();
  });

  it('rejects an empty set of batches and leaves a model without batch norm alone', () => {
    const model = convBnModel();
    expect(() => reestimateBatchNorm(model, [])).toThrow(/at least one batch/);
    const plain = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    expect(reestimateBatchNorm(plain, [])).toBe(0);
    model.dispose();
    plain.dispose();
  });
});

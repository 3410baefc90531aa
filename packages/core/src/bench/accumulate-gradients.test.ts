import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { InvalidArgumentError, ShapeMismatchError } from '../errors';
import { expectNoTensorLeaks } from '../testing/leaks';
import { accumulateGradients } from './accumulate-gradients';

/** A convolutional classifier without batch statistics or dropout: micro-batching changes nothing. */
function statelessNet(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [5, 5, 2], filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
  return model;
}

function data(batch: number): { images: tf.Tensor; labels: tf.Tensor } {
  return tf.tidy(() => ({
    images: tf.randomUniform([batch, 5, 5, 2], 0, 1, 'float32', 7),
    labels: tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 4), 'int32'), 4).toFloat(),
  }));
}

describe('accumulateGradients', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('equals the whole-batch gradients and loss, with an uneven last micro-batch, and leaks nothing', async () => {
    const model = statelessNet();
    const { images, labels } = data(8);
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const whole = tf.variableGrads(
      () => tf.mean(tf.metrics.categoricalCrossentropy(labels, model.apply(images) as tf.Tensor)) as tf.Scalar,
      variables,
    );
    const accumulated = await expectNoTensorLeaks(() => {
      const result = accumulateGradients(model, images, labels, 3);
      const values = Object.fromEntries(Object.entries(result.gradients).map(([name, g]) => [name, g.dataSync().slice()]));
      const loss = result.loss.dataSync()[0];
      tf.dispose([result.loss, ...Object.values(result.gradients)]);
      return { values, loss };
    }, 'accumulateGradients');
    expect(Object.keys(accumulated.values).sort()).toEqual(Object.keys(whole.grads).sort());
    for (const [name, gradient] of Object.entries(whole.grads)) {
      const expected = gradient.dataSync();
      const actual = accumulated.values[name] as Float32Array;
      for (let i = 0; i < expected.length; i++) expect(actual[i], name).toBeCloseTo(expected[i] as number, 5);
    }
    expect(accumulated.loss).toBeCloseTo(whole.value.dataSync()[0] as number, 5);
    tf.dispose([whole.value, ...Object.values(whole.grads), images, labels]);
    model.dispose();
  });

  it('normalizes each micro-batch by its own statistics: batch norm moving means update once per micro-batch', () => {
    const model = tf.sequential();
    model.add(tf.layers.batchNormalization({ inputShape: [5, 5, 2], momentum: 0.9 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 4, activation: 'softmax' }));
    const { images, labels } = data(6);
    const result = accumulateGradients(model, images, labels, 4);
    tf.dispose([result.loss, ...Object.values(result.gradients)]);
    // moving = 0.9·moving + 0.1·mean, first over images 0–3, then over images 4–5 (starting from 0).
    const expected = tf.tidy(() => {
      const first = tf.mean(tf.slice(images, 0, 4), [0, 1, 2]);
      const second = tf.mean(tf.slice(images, 4, 2), [0, 1, 2]);
      return tf.add(tf.mul(first, 0.1 * 0.9), tf.mul(second, 0.1)).dataSync();
    });
    const movingMean = model.layers[0]?.getWeights()[2] as tf.Tensor;
    const actual = movingMean.dataSync();
    for (let i = 0; i < 2; i++) expect(actual[i]).toBeCloseTo(expected[i] as number, 5);
    tf.dispose([images, labels]);
    model.dispose();
  });

  it('differentiates only the variables it is given', () => {
    const model = statelessNet();
    const { images, labels } = data(4);
    const last = model.layers[2]?.trainableWeights.map((weight) => weight.read() as tf.Variable) ?? [];
    const result = accumulateGradients(model, images, labels, 3, { variables: last });
    expect(Object.keys(result.gradients).sort()).toEqual(last.map((variable) => variable.name).sort());
    tf.dispose([result.loss, ...Object.values(result.gradients), images, labels]);
    model.dispose();
  });

  it('rejects bad micro-batches and mismatched labels with typed errors', () => {
    const model = statelessNet();
    const { images, labels } = data(4);
    expect(() => accumulateGradients(model, images, labels, 0)).toThrow(InvalidArgumentError);
    expect(() => accumulateGradients(model, images, labels, 1.5)).toThrow(/microBatch/);
    const fewer = tf.slice(labels, 0, 3);
    expect(() => accumulateGradients(model, images, fewer, 2)).toThrow(ShapeMismatchError);
    expect(() => accumulateGradients(model, images, labels, 2, { variables: [] })).toThrow(/variables/);
    tf.dispose([images, labels, fewer]);
    model.dispose();
  });
});

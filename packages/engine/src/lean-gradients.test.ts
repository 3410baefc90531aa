import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { leanVariableGrads } from './lean-gradients';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Live tensor bytes seen by `probe` calls during the backward pass. */
const backwardBytes: number[] = [];
/** Identity forward; its gradient records the live tensor bytes at that point of the backward pass. */
const probe = tf.customGrad((x) => {
  return {
    value: tf.clone(x as tf.Tensor),
    gradFunc: (dy) => {
      backwardBytes.push(tf.memory().numBytes);
      return tf.clone(dy as tf.Tensor);
    },
  };
});

/** A layer applying {@link probe}, so a model's backward pass can be sampled between its blocks. */
class Probe extends tf.layers.Layer {
  static readonly className = 'LeanGradientsProbe';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return probe(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs) as tf.Tensor;
  }
}

/**
 * Convolutions with batch norm in training mode, a residual sum (a tensor with two consumers), a
 * split into branches and their concatenation (multi-output kernels), a frozen layer and a dense head.
 */
function network(blocks: number): tf.LayersModel {
  const input = tf.input({ shape: [12, 12, 2] });
  let x = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
  for (let i = 0; i < blocks; i++) {
    const y = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same' }).apply(x) as tf.SymbolicTensor;
    const normalised = tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
    const branches = [1, 3].map((size) => tf.layers.conv2d({ filters: 4, kernelSize: size, padding: 'same', activation: 'relu' }).apply(normalised));
    const joined = tf.layers.concatenate().apply(branches as tf.SymbolicTensor[]) as tf.SymbolicTensor;
    x = new Probe({}).apply(tf.layers.add().apply([x, joined]) as tf.SymbolicTensor) as tf.SymbolicTensor;
  }
  const frozen = tf.layers.conv2d({ filters: 4, kernelSize: 1, trainable: false }).apply(x) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({}).apply(frozen) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

function lossOf(model: tf.LayersModel, images: tf.Tensor, labels: tf.Tensor): () => tf.Scalar {
  return () => tf.mean(tf.metrics.categoricalCrossentropy(labels, model.apply(images, { training: true }) as tf.Tensor)) as tf.Scalar;
}

describe('leanVariableGrads', () => {
  it('gives bit for bit the value and gradients of tf.variableGrads, leaking nothing', async () => {
    const model = network(3);
    const images = tf.randomUniform([4, 12, 12, 2], 0, 1, 'float32', 1);
    const labels = tf.oneHot(tf.tensor1d([0, 2, 1, 2], 'int32'), 3);
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const reference = tf.variableGrads(lossOf(model, images, labels), variables);
    const lean = await expectNoTensorLeaks(async () => {
      const { value, grads } = leanVariableGrads(lossOf(model, images, labels), variables);
      const read = { value: value.dataSync()[0], grads: Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, Array.from(g.dataSync())])) };
      tf.dispose([value, ...Object.values(grads)]);
      return read;
    }, 'leanVariableGrads');
    expect(lean.value).toBe(reference.value.dataSync()[0]);
    expect(Object.keys(lean.grads).sort()).toEqual(Object.keys(reference.grads).sort());
    for (const [name, gradient] of Object.entries(reference.grads)) expect(lean.grads[name], name).toEqual(Array.from(gradient.dataSync()));
    tf.dispose([reference.value, ...Object.values(reference.grads), images, labels]);
    model.dispose();
  });

  it('releases activations and gradients during the backward pass, where tf.variableGrads holds them to its end', () => {
    const model = network(6);
    const images = tf.randomUniform([8, 12, 12, 2], 0, 1, 'float32', 2);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const peakDuringBackward = (compute: typeof leanVariableGrads) => {
      backwardBytes.length = 0;
      const { value, grads } = compute(lossOf(model, images, labels), variables);
      tf.dispose([value, ...Object.values(grads)]);
      expect(backwardBytes).toHaveLength(6);
      return { first: backwardBytes[0] as number, last: backwardBytes.at(-1) as number };
    };
    const tfjs = peakDuringBackward((f, xs) => tf.variableGrads(f, [...xs]));
    const lean = peakDuringBackward(leanVariableGrads);
    // tfjs' live bytes grow through the backward pass; ours shrink as activations are released.
    expect(tfjs.last).toBeGreaterThan(tfjs.first);
    expect(lean.last).toBeLessThan(lean.first);
    expect(lean.last).toBeLessThan(tfjs.last / 2);
    tf.dispose([images, labels]);
    model.dispose();
  });

  it('defers to tf.variableGrads inside another gradient computation and refuses a non-scalar loss', () => {
    const w = tf.variable(tf.scalar(3));
    const outer = tf.grad((x: tf.Tensor) => {
      const { value, grads } = leanVariableGrads(() => tf.mul(tf.mul(w, w), x).sum() as tf.Scalar, [w]);
      return tf.add(value, (grads[w.name] as tf.Tensor).mul(x)) as tf.Scalar;
    });
    const before = tf.memory().numTensors;
    // d/dx (9x + 6x·x) at x = 2 is 9 + 24.
    expect(outer(tf.scalar(2)).dataSync()[0]).toBe(33);
    expect(() => leanVariableGrads(() => tf.mul(w, tf.ones([2])) as unknown as tf.Scalar, [w])).toThrow(/loss function.*scalar tensor, got rank 1/);
    expect(tf.memory().numTensors).toBe(before + 2);
    w.dispose();
  });
});

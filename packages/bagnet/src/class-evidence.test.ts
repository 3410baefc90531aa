import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { bagnet } from './bagnet';
import { classEvidence } from './class-evidence';
import { trainBagnet } from './train-bagnet';

function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('classEvidence', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('averages over space to the model logits and softmax output (after training moved BN statistics)', async () => {
    const shape = { height: 30, width: 34, channels: 3 };
    const linear = bagnet({ patch: 9, width: 1 / 8, seed: 1, classesActivation: 'linear' }).build(shape, 6);
    const images = tf.randomUniform([4, 30, 34, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d([0, 5, 2, 2], 'int32'), 6) as tf.Tensor2D;
    await trainBagnet(linear, { images, labels }, { optimizer: 'adam', batchSize: 2, epochs: 1, learningRate: 0.01 });

    const evidence = classEvidence(linear, images);
    // Heights 30 → 28 → 13 → 6 → 3 and widths 34 → 32 → 15 → 7 → 4 (BagNet-9: last two stages 1×1).
    expect(evidence.shape).toEqual([4, 3, 4, 6]);
    const mean = evidence.mean([1, 2]);
    const logits = linear.predict(images) as tf.Tensor;
    expect(maxAbsDifference(mean, logits)).toBeLessThan(1e-5);

    const soft = bagnet({ patch: 9, width: 1 / 8, seed: 9 }).build(shape, 6);
    soft.setWeights(linear.getWeights());
    const probabilities = soft.predict(images) as tf.Tensor;
    const fromEvidence = tf.softmax(mean);
    expect(maxAbsDifference(fromEvidence, probabilities)).toBeLessThan(1e-6);
    tf.dispose([images, labels, evidence, mean, logits, probabilities, fromEvidence]);
    linear.dispose();
    soft.dispose();
  });

  it('differs between patches and is differentiable with respect to the class weights', () => {
    const model = bagnet({ patch: 17, width: 1 / 16, seed: 3 }).build({ height: 33, width: 33, channels: 1 }, 2);
    const images = tf.randomUniform([1, 33, 33, 1], 0, 1, 'float32', 8) as tf.Tensor4D;
    const evidence = classEvidence(model, images);
    const values = evidence.dataSync();
    expect(evidence.shape).toEqual([1, 3, 3, 2]);
    expect(new Set(Array.from(values).map((v) => v.toFixed(6))).size).toBeGreaterThan(9);
    const weights = model.getLayer('logits').trainableWeights.map((weight) => weight.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => classEvidence(model, images).sum() as tf.Scalar, weights);
    // d(sum over patches and classes)/d(bias) = number of patches.
    const biasGradient = grads[weights[1]!.name]!;
    expect(Array.from(biasGradient.dataSync())).toEqual([9, 9]);
    tf.dispose([images, evidence, ...Object.values(grads)]);
    model.dispose();
  });

  it('leaks no tensors and rejects wrong images or non-BagNet models', async () => {
    const model = bagnet({ patch: 9, width: 1 / 16, seed: 3 }).build({ height: 9, width: 9, channels: 3 }, 2);
    const images = tf.zeros([2, 9, 9, 3]) as tf.Tensor4D;
    classEvidence(model, images).dispose();
    await expectNoTensorLeaks(() => classEvidence(model, images).dispose(), 'classEvidence');
    const wrong = tf.zeros([2, 10, 9, 3]) as tf.Tensor4D;
    expect(() => classEvidence(model, wrong)).toThrow(ShapeMismatchError);
    const input = tf.input({ shape: [4] });
    const other = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor });
    expect(() => classEvidence(other, images)).toThrow(InvalidArgumentError);
    tf.dispose([images, wrong]);
    model.dispose();
    other.dispose();
  });
});

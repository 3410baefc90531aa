import { initBackend, ShapeMismatchError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { wdsrA } from '../model/wdsr-a';
import { weightMap } from '../weight-map/weight-map';
import { selectedShare, weightedL1 } from './weighted-l1';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('weightedL1', () => {
  it('equals the hand-computed value on a small example', () => {
    const yTrue = tf.tensor4d([0.5, 0.25, 1, 0, 0.75, 0.5, 0, 1], [2, 2, 2, 1]);
    const yPred = tf.tensor4d([0.25, 0.25, 0.5, 0.5, 1, 0, 0, 0], [2, 2, 2, 1]);
    const weights = tf.tensor4d([1, 0, 1, 0, 0, 1, 1, 1], [2, 2, 2, 1]);
    // Selected |Δ|: 0.25, 0.5, 0.5, 0, 1 → 2.25 over m = 5 non-zero weights.
    const loss = weightedL1(yTrue, yPred, weights);
    expect(loss.shape).toEqual([]);
    expect(loss.dataSync()[0]).toBeCloseTo(2.25 / 5, 7);
    expect(selectedShare(weights)).toBe(5 / 8);
    tf.dispose([yTrue, yPred, weights, loss]);
  });

  it('with α = 0 (all weights one) equals the plain mean absolute error', () => {
    const yTrue = tf.randomUniform([3, 6, 6, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const yPred = tf.randomUniform([3, 6, 6, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const weights = weightMap(yTrue, { alpha: 0 });
    const absDiff = Array.from(yTrue.dataSync(), (value, index) => Math.abs(value - yPred.dataSync()[index]!));
    const meanAbsoluteError = absDiff.reduce((sum, value) => sum + value, 0) / absDiff.length;
    const weighted = weightedL1(yTrue, yPred, weights);
    const unweighted = weightedL1(yTrue, yPred);
    expect(weighted.dataSync()[0]).toBeCloseTo(meanAbsoluteError, 6);
    expect(unweighted.dataSync()[0]).toBeCloseTo(meanAbsoluteError, 6);
    expect(selectedShare(weights)).toBe(1);
    tf.dispose([yTrue, yPred, weights, weighted, unweighted]);
  });

  it('returns 0 with a zero gradient (not NaN) when no weight is selected', () => {
    const yTrue = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
    const yPred = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    const weights = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    const [loss, gradient] = tf.tidy(() => [
      weightedL1(yTrue, yPred, weights),
      tf.grad((prediction: tf.Tensor) => weightedL1(yTrue, prediction, weights))(yPred),
    ]);
    expect(loss!.dataSync()[0]).toBe(0);
    expect(Array.from(gradient!.dataSync())).toEqual([0, 0, 0, 0]);
    expect(selectedShare(weights)).toBe(0);
    tf.dispose([yTrue, yPred, weights, loss!, gradient!]);
  });

  it('has the gradient sign(Δ)·W/m with respect to the prediction', () => {
    const yTrue = tf.tensor4d([1, 0, 0.5, 0.5], [1, 2, 2, 1]);
    const yPred = tf.tensor4d([0, 1, 1, 0], [1, 2, 2, 1]);
    const weights = tf.tensor4d([1, 1, 0, 1], [1, 2, 2, 1]);
    const gradient = tf.tidy(() => tf.grad((prediction: tf.Tensor) => weightedL1(yTrue, prediction, weights))(yPred));
    expect(Array.from(gradient.dataSync())).toEqual([-1 / 3, 1 / 3, 0, -1 / 3].map(Math.fround));
    tf.dispose([yTrue, yPred, weights, gradient]);
  });

  it('is the pixel loss of wdsrA: weight map of yTrue at its α unless weights are given', async () => {
    const yTrue = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const yPred = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    await expectNoTensorLeaks(() => {
      const [fromFrontEnd, direct, plain, plainDirect] = tf.tidy(() => [
        wdsrA({ alpha: 1 / 3 }).pixelLoss(yTrue, yPred),
        weightedL1(yTrue, yPred, weightMap(yTrue, { alpha: 1 / 3 })),
        wdsrA().pixelLoss(yTrue, yPred),
        weightedL1(yTrue, yPred),
      ]);
      expect(fromFrontEnd!.dataSync()[0]).toBe(direct!.dataSync()[0]);
      expect(plain!.dataSync()[0]).toBe(plainDirect!.dataSync()[0]);
      tf.dispose([fromFrontEnd!, direct!, plain!, plainDirect!]);
    }, 'pixel loss');
    tf.dispose([yTrue, yPred]);
  });

  it('rejects tensors of different shapes', () => {
    const a = tf.zeros([1, 2, 2, 1]);
    const b = tf.zeros([1, 2, 2, 3]);
    expect(() => weightedL1(a, b)).toThrow(ShapeMismatchError);
    expect(() => weightedL1(a, a, b)).toThrow(/weights/);
    tf.dispose([a, b]);
  });
});

import { initBackend, ShapeMismatchError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { racnnPixelLoss } from './pixel-loss';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('racnnPixelLoss', () => {
  it('is ½ Σ‖HR − output‖² per image, averaged over the batch (hand-computed)', () => {
    // Image 1 errors: 1, −2 → 5; image 2 errors: 3, 0 → 9; loss = ½·(5 + 9)/2 = 3.5.
    const hr = tf.tensor4d([1, 0, 3, 1], [2, 1, 2, 1]);
    const prediction = tf.tensor4d([0, 2, 0, 1], [2, 1, 2, 1]);
    const loss = racnnPixelLoss(hr, prediction);
    expect(loss.rank).toBe(0);
    expect(loss.dataSync()[0]).toBeCloseTo(3.5, 6);
    tf.dispose([hr, prediction, loss]);
  });

  it('equals the spec form ½‖X_HR − X_LR − g(X_LR)‖² for a residual output X_LR + g', () => {
    const lr = tf.randomUniform([3, 4, 4, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
    const residual = tf.randomNormal([3, 4, 4, 2], 0, 0.1, 'float32', 2) as tf.Tensor4D;
    const hr = tf.randomUniform([3, 4, 4, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
    const output = tf.add(lr, residual) as tf.Tensor4D;
    let expected = 0;
    const [h, l, g] = [hr.dataSync(), lr.dataSync(), residual.dataSync()];
    for (let i = 0; i < h.length; i++) expected += (h[i]! - l[i]! - g[i]!) ** 2;
    expected = expected / 2 / 3;
    const loss = racnnPixelLoss(hr, output);
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 4);
    tf.dispose([lr, residual, hr, output, loss]);
  });

  it('multiplies squared errors by optional weights', () => {
    const hr = tf.tensor4d([1, 1], [1, 1, 2, 1]);
    const prediction = tf.tensor4d([0, 3], [1, 1, 2, 1]);
    const weights = tf.tensor4d([2, 0.5], [1, 1, 2, 1]);
    const loss = racnnPixelLoss(hr, prediction, weights);
    expect(loss.dataSync()[0]).toBeCloseTo(0.5 * (2 * 1 + 0.5 * 4), 6);
    tf.dispose([hr, prediction, weights, loss]);
  });

  it('rejects mismatched shapes and an empty batch', () => {
    const a = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    const b = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
    const empty = tf.zeros([0, 2, 2, 1]) as tf.Tensor4D;
    expect(() => racnnPixelLoss(a, b)).toThrow(ShapeMismatchError);
    expect(() => racnnPixelLoss(a, a, b)).toThrow(/weights/);
    expect(() => racnnPixelLoss(empty, empty)).toThrow(ShapeMismatchError);
    tf.dispose([a, b, empty]);
  });

  it('leaks nothing, including under a gradient', async () => {
    const hr = tf.ones([2, 3, 3, 1]) as tf.Tensor4D;
    const prediction = tf.zeros([2, 3, 3, 1]) as tf.Tensor4D;
    await expectNoTensorLeaks(() => {
      const gradient = tf.grad((p: tf.Tensor) => racnnPixelLoss(hr, p as tf.Tensor4D))(prediction);
      // d/dp ½Σ(h − p)²/N = −(h − p)/N = −0.5 everywhere.
      expect(Array.from(gradient.dataSync()).every((value) => Math.abs(value + 0.5) < 1e-6)).toBe(true);
      gradient.dispose();
    }, 'pixel loss gradient');
    tf.dispose([hr, prediction]);
  });
});

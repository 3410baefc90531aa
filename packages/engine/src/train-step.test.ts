import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectParameters, patternToRegExp } from './parameters';
import { trainStep } from './train-step';

beforeAll(async () => {
  await initBackend('cpu');
});

function twoLayerModel(): tf.LayersModel {
  const input = tf.input({ shape: [2] });
  const hidden = tf.layers.dense({ units: 2, name: 'first', kernelInitializer: 'ones' }).apply(input) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 1, name: 'second', kernelInitializer: 'ones' }).apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('patternToRegExp', () => {
  it('matches globs and /regex/ against whole paths', () => {
    expect(patternToRegExp('sr/*/bias').test('sr/sconv1/bias')).toBe(true);
    expect(patternToRegExp('sr/*/bias').test('sr/sconv1/kernel')).toBe(false);
    expect(patternToRegExp('classifier/head?/kernel').test('classifier/head1/kernel')).toBe(true);
    expect(patternToRegExp('/sconv[12]/').test('sr/sconv2/kernel')).toBe(true);
  });
});

describe('collectParameters + trainStep', () => {
  it('applies learning-rate and weight-decay multipliers to each gradient exactly, and skips frozen weights', async () => {
    const model = twoLayerModel();
    const parameters = collectParameters(
      [{ prefix: 'net', model }],
      [
        { match: 'net/first/*', learningRateMultiplier: 0.5 },
        { match: 'net/first/bias', frozen: true },
        { match: 'net/second/kernel', weightDecayMultiplier: 2 },
      ],
      0.1,
    );
    expect(parameters.map((p) => [p.path, p.learningRateMultiplier, p.weightDecay])).toEqual([
      ['net/first/kernel', 0.5, 0.1],
      ['net/second/kernel', 1, 0.2],
      ['net/second/bias', 1, 0.1],
    ]);
    const x = [1, 2];
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const optimizer = tf.train.sgd(0.1);
    await expectNoTensorLeaks(async () => {
      const result = await trainStep(optimizer, parameters, () =>
        tf.tidy(() => (model.apply(tf.tensor2d([x], [1, 2])) as tf.Tensor).sum() as tf.Scalar),
      );
      expect(result.finite).toBe(true);
      expect(result.loss).toBeCloseTo(6, 6);
    }, 'train step');
    const after = model.getWeights().map((w) => Array.from(w.dataSync()));
    // Forward: h = W1ᵀx + b1 with W1 = ones → h = [3, 3]; y = W2ᵀh + b2. dy/dW1[i][j] = x[i]·W2[j] = x[i].
    // first/kernel: w − lr·0.5·(grad + 0.1·w) with w = 1.
    const firstKernel = [1 - 0.1 * 0.5 * (1 + 0.1), 1 - 0.1 * 0.5 * (1 + 0.1), 1 - 0.1 * 0.5 * (2 + 0.1), 1 - 0.1 * 0.5 * (2 + 0.1)];
    after[0]!.forEach((value, i) => {
      expect(value).toBeCloseTo(firstKernel[i]!, 6);
    });
    expect(after[1]).toEqual(before[1]);
    // second/kernel: grad = h = 3, decay 0.2·1.
    for (const value of after[2]!) expect(value).toBeCloseTo(1 - 0.1 * (3 + 0.2), 6);
    expect(after[3]![0]).toBeCloseTo(0 - 0.1 * 1, 6);
    optimizer.dispose();
    model.dispose();
  });

  it('scales the update of adaptive optimizers by the learning-rate multiplier', async () => {
    const model = twoLayerModel();
    const parameters = collectParameters([{ prefix: 'net', model }], [{ match: 'net/first/*', learningRateMultiplier: 0.1 }], 0);
    const optimizer = tf.train.adam(0.01);
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const loss = () => tf.tidy(() => (model.apply(tf.tensor2d([[1, 2]])) as tf.Scalar).sum() as tf.Scalar);
    await trainStep(optimizer, parameters, loss);
    const after = model.getWeights().map((w) => Array.from(w.dataSync()));
    // Adam's first step moves every weight with a non-zero gradient by lr (up to epsilon).
    const moved = (layer: number) => after[layer]!.map((value, i) => Math.abs(value - before[layer]![i]!));
    for (const step of moved(0)) expect(step).toBeCloseTo(0.001, 6);
    for (const step of moved(2)) expect(step).toBeCloseTo(0.01, 6);
    // The first step created Adam's slots; later steps must not add tensors.
    await expectNoTensorLeaks(() => trainStep(optimizer, parameters, loss), 'adam step');
    optimizer.dispose();
    model.dispose();
  });

  it('sums weighted micro-batch gradients to exactly the whole-batch step', async () => {
    const batch = tf.tensor2d([[1, 2], [0.5, -1], [3, 0], [-2, 1], [1, 1]]);
    const targets = tf.tensor2d([[1], [0], [2], [-1], [0.5]]);
    const meanSquaredError = (model: tf.LayersModel, begin: number, size: number) => () =>
      tf.tidy(() => tf.losses.meanSquaredError(targets.slice(begin, size), model.apply(batch.slice(begin, size)) as tf.Tensor) as tf.Scalar);
    const whole = twoLayerModel();
    const micro = twoLayerModel();
    const optimizers = [tf.train.sgd(0.05), tf.train.sgd(0.05)];
    const wholeResult = await trainStep(optimizers[0]!, collectParameters([{ prefix: 'net', model: whole }], [], 0), meanSquaredError(whole, 0, 5));
    const microResult = await expectNoTensorLeaks(
      () =>
        trainStep(optimizers[1]!, collectParameters([{ prefix: 'net', model: micro }], [], 0), [
          { weight: 2 / 5, loss: meanSquaredError(micro, 0, 2) },
          { weight: 3 / 5, loss: meanSquaredError(micro, 2, 3) },
        ]),
      'micro-batched step',
    );
    expect(microResult.loss).toBeCloseTo(wholeResult.loss, 5);
    const after = (model: tf.LayersModel) => model.getWeights().flatMap((w) => Array.from(w.dataSync()));
    after(micro).forEach((value, i) => {
      expect(value).toBeCloseTo(after(whole)[i]!, 5);
    });
    tf.dispose([batch, targets]);
    for (const optimizer of optimizers) optimizer.dispose();
    whole.dispose();
    micro.dispose();
  });

  it('refuses to apply a step whose loss or gradient is not finite', async () => {
    const model = twoLayerModel();
    const parameters = collectParameters([{ prefix: 'net', model }], [], 0);
    const optimizer = tf.train.sgd(0.1);
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const nanLoss = await trainStep(optimizer, parameters, () => tf.tidy(() => (model.apply(tf.tensor2d([[Number.NaN, 1]])) as tf.Tensor).sum() as tf.Scalar));
    expect(nanLoss.finite).toBe(false);
    const infiniteGradient = await trainStep(optimizer, parameters, () =>
      tf.tidy(() => tf.sqrt((model.apply(tf.tensor2d([[-1.5, 0]])) as tf.Tensor).sum().add(3)) as tf.Scalar),
    );
    expect(infiniteGradient.finite).toBe(false);
    expect(infiniteGradient.problem).toMatch(/gradient of net\//);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    optimizer.dispose();
    model.dispose();
  });

  it('rejects a rule that matches no weight', () => {
    const model = twoLayerModel();
    expect(() => collectParameters([{ prefix: 'net', model }], [{ match: 'net/thrid/*', frozen: true }], 0)).toThrow(/matches no weight/);
    model.dispose();
  });

  it('can train only the last layer of a part', () => {
    const model = twoLayerModel();
    const parameters = collectParameters([{ prefix: 'net', model, trainLastLayerOnly: true }], [], 0);
    expect(parameters.map((p) => p.path)).toEqual(['net/second/kernel', 'net/second/bias']);
    model.dispose();
  });
});

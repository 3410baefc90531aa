import { initBackend } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectParameters } from './parameters';

beforeAll(async () => {
  await initBackend('cpu');
});

function threeLayerModel(): tf.LayersModel {
  const input = tf.input({ shape: [2] });
  let x = tf.layers.dense({ units: 2, name: 'conv1' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 2, name: 'fc7' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 1, name: 'fc8' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

const summary = (parameters: ReturnType<typeof collectParameters>) =>
  Object.fromEntries(parameters.map((p) => [p.path, [p.learningRateMultiplier, p.weightDecay]]));

describe('collectParameters rules', () => {
  it('applies rules in order, a later matching rule overriding only the fields it sets', () => {
    const model = threeLayerModel();
    const parameters = collectParameters(
      [{ prefix: 'net', model }],
      [
        { match: 'net/*', learningRateMultiplier: 0.1, weightDecayMultiplier: 0 },
        { match: 'net/*/bias', learningRateMultiplier: 2 },
        { match: 'net/fc8/*', weightDecayMultiplier: 1 },
      ],
      0.5,
    );
    expect(summary(parameters)).toEqual({
      'net/conv1/kernel': [0.1, 0],
      'net/conv1/bias': [2, 0],
      'net/fc7/kernel': [0.1, 0],
      'net/fc7/bias': [2, 0],
      'net/fc8/kernel': [0.1, 0.5],
      'net/fc8/bias': [2, 0.5],
    });
    model.dispose();
  });

  it("names a part's last layer with weights $last, and a later rule can unfreeze what an earlier one froze", () => {
    const model = threeLayerModel();
    const parameters = collectParameters(
      [{ prefix: 'classifier', model }],
      [
        { match: 'classifier/*', frozen: true },
        { match: 'classifier/$last/*', frozen: false, learningRateMultiplier: 3 },
      ],
      0,
    );
    expect(summary(parameters)).toEqual({ 'classifier/fc8/kernel': [3, 0], 'classifier/fc8/bias': [3, 0] });
    model.dispose();
  });

  it('accepts rules that match nothing only when asked to', () => {
    const model = threeLayerModel();
    const rules = [{ match: 'sr/*', learningRateMultiplier: 0.1 }];
    expect(() => collectParameters([{ prefix: 'classifier', model }], rules, 0)).toThrow(/'sr\/\*' matches no weight/);
    expect(collectParameters([{ prefix: 'classifier', model }], rules, 0, false)).toHaveLength(6);
    model.dispose();
  });
});

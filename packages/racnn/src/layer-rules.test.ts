import { initBackend } from '@lowres/core';
import { collectParameters } from '@lowres/engine';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { racnnFrozenClassifierLayerRules, racnnLayerRules } from './layer-rules';
import { racnnSr } from './racnn-sr';

beforeAll(async () => {
  await initBackend('cpu');
});

function classifier(): tf.LayersModel {
  const input = tf.input({ shape: [4, 4, 1] });
  let x = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 3, name: 'hidden' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 2, name: 'predictions' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

describe('racnn layer rules', () => {
  it('freeze every classifier layer but the last in the Table II setting, whatever the back end names it', () => {
    const sr = racnnSr({ channels: 1, seed: 0 }).build({ height: 4, width: 4, channels: 1 });
    const head = classifier();
    const parts = [
      { prefix: 'sr', model: sr },
      { prefix: 'classifier', model: head },
    ];
    const paths = (rules: typeof racnnLayerRules) => collectParameters(parts, rules, 1e-3).map((p) => [p.path, p.learningRateMultiplier]);
    expect(paths(racnnFrozenClassifierLayerRules).filter(([path]) => String(path).startsWith('classifier'))).toEqual([
      ['classifier/predictions/kernel', 1],
      ['classifier/predictions/bias', 1],
    ]);
    expect(paths(racnnLayerRules)).toContainEqual(['classifier/hidden/kernel', 0.1]);
    expect(Object.isFrozen(racnnLayerRules)).toBe(true);
    sr.dispose();
    head.dispose();
  });
});

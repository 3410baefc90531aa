import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { disposeOptimizer } from './dispose-optimizer';

describe('disposeOptimizer', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it.each([
    ['sgd', () => tf.train.sgd(0.1)],
    ['momentum', () => tf.train.momentum(0.1, 0.9)],
    ['adam', () => tf.train.adam(0.1)],
    ['adadelta', () => tf.train.adadelta(0.1)],
    ['rmsprop', () => tf.train.rmsprop(0.1, 0.9, 0.5)],
  ])('releases every tensor a used %s optimizer holds', (_name, create) => {
    const weight = tf.variable(tf.ones([3]));
    const before = tf.memory().numTensors;
    const optimizer = create();
    optimizer.minimize(() => weight.square().sum() as tf.Scalar);
    disposeOptimizer(optimizer);
    expect(tf.memory().numTensors).toBe(before);
    weight.dispose();
  });
});

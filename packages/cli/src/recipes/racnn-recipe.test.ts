import { initBackend } from '@lowres/core';
import { collectParameters } from '@lowres/engine';
import { racnnSr } from '@lowres/racnn';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrainConfig } from '@lowres/trainer';
import { racnnCub } from './racnn-recipe';

beforeAll(async () => {
  await initBackend('cpu');
});

/** AlexNet's layer names on a tiny input: the rules only see `classifier/<layer>/<weight>` paths. */
function alexnetNamedClassifier(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3] });
  let x = tf.layers.conv2d({ filters: 2, kernelSize: 3, name: 'conv1' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 4, name: 'fc7' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 3, name: 'fc8' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

describe('racnn-cub recipe', () => {
  it('gives the SR and classifier layers the learning-rate and weight-decay multipliers of the RACNN paper', () => {
    const config = parseTrainConfig(racnnCub.config);
    const sr = racnnSr({ scale: 1, channels: 3, init: 'gaussian', seed: 0 }).build({ height: 8, width: 8, channels: 3 });
    const classifier = alexnetNamedClassifier();
    const parameters = collectParameters(
      [
        { prefix: 'sr', model: sr },
        { prefix: 'classifier', model: classifier },
      ],
      config.layers,
      config.weightDecay,
    );
    const multipliers = Object.fromEntries(
      parameters.map((parameter) => [parameter.path, [parameter.learningRateMultiplier, parameter.weightDecay / config.weightDecay]]),
    );
    // specs/racnn.md: sconv1, sconv2 weights ×1, biases ×0.1; sconv3 ×0.1 for both; classification
    // layers ×0.1 except the last fully-connected layer ×1 (its weight decay ×1, others 0).
    expect(multipliers).toEqual({
      'sr/sconv1/kernel': [1, 0],
      'sr/sconv1/bias': [0.1, 0],
      'sr/sconv2/kernel': [1, 0],
      'sr/sconv2/bias': [0.1, 0],
      'sr/sconv3/kernel': [0.1, 0],
      'sr/sconv3/bias': [0.1, 0],
      'classifier/conv1/kernel': [0.1, 0],
      'classifier/conv1/bias': [0.1, 0],
      'classifier/fc7/kernel': [0.1, 0],
      'classifier/fc7/bias': [0.1, 0],
      'classifier/fc8/kernel': [1, 1],
      'classifier/fc8/bias': [1, 1],
    });
    expect(config.weightDecay).toBe(5e-4);
    sr.dispose();
    classifier.dispose();
  });
});

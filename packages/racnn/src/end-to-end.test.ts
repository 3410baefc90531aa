import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { racnnSr } from './racnn-sr';
import { SR_LAYER_NAMES } from './sr-network';

let images: tf.Tensor4D;
let labels: tf.Tensor2D;

beforeAll(async () => {
  await initBackend('cpu');
  images = tf.randomUniform([8, 6, 6, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3) as tf.Tensor2D;
});

afterAll(() => tf.dispose([images, labels]));

/** RACNN ×2 front end composed with a tiny dense classifier, as one functional model. */
function pipeline(): { model: tf.LayersModel; sr: tf.LayersModel } {
  const sr = racnnSr({ scale: 2, channels: 1, seed: 4 }).build({ height: 6, width: 6, channels: 1 });
  const input = tf.input({ shape: [6, 6, 1] });
  const upscaled = sr.apply(input) as tf.SymbolicTensor;
  const flat = tf.layers.flatten().apply(upscaled) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 3, activation: 'softmax', name: 'fc' }).apply(flat) as tf.SymbolicTensor;
  return { model: tf.model({ inputs: input, outputs: output }), sr };
}

function snapshot(model: tf.LayersModel, names: readonly string[]): number[][] {
  return names.flatMap((name) => model.getLayer(name).getWeights().map((w) => Array.from(w.dataSync())));
}

async function trainFewSteps(model: tf.LayersModel): Promise<void> {
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  await model.fit(images, labels, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
  model.optimizer.dispose();
}

describe('RACNN end to end with a classifier', () => {
  it('passes classification gradients into every SR layer', async () => {
    const { model, sr } = pipeline();
    const before = snapshot(sr, SR_LAYER_NAMES);
    const classifierBefore = snapshot(model, ['fc']);
    await expectNoTensorLeaks(() => trainFewSteps(model), 'end-to-end fit');
    const after = snapshot(sr, SR_LAYER_NAMES);
    for (const [index, weights] of before.entries()) expect(after[index]).not.toEqual(weights);
    expect(snapshot(model, ['fc'])).not.toEqual(classifierBefore);
    model.dispose();
  });

  it('leaves the SR layers untouched when they are not trainable', async () => {
    const { model, sr } = pipeline();
    for (const name of SR_LAYER_NAMES) sr.getLayer(name).trainable = false;
    expect(model.trainableWeights.map((w) => w.originalName)).toEqual(['fc/kernel', 'fc/bias']);
    const before = snapshot(sr, SR_LAYER_NAMES);
    const classifierBefore = snapshot(model, ['fc']);
    await trainFewSteps(model);
    expect(snapshot(sr, SR_LAYER_NAMES)).toEqual(before);
    expect(snapshot(model, ['fc'])).not.toEqual(classifierBefore);
    model.dispose();
  });
});

import { initBackend } from '@lowres/core';
import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inceptionV3 } from './inception-v3';
import { TRAINING_STEP_TIMEOUT, expectCounts, expectForward, expectMinimumEnforced, expectTrainingStep } from './model-test-support';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('inceptionV3', () => {
  it('has Keras’ 23,851,784 parameters (23,817,352 trainable) at 299×299×3, 1000 classes', () => {
    expectCounts(inceptionV3(), { height: 299, width: 299, channels: 3 }, 1000, { total: 23_851_784, trainable: 23_817_352 });
  });

  it('follows Keras’ grid sizes 35 → 17 → 8 and its conv/batch-norm settings', () => {
    const model = inceptionV3().build({ height: 299, width: 299, channels: 3 }, 1000);
    const shape = (name: string) => (model.getLayer(name).output as tf.SymbolicTensor).shape;
    expect(shape('mixed2')).toEqual([null, 35, 35, 288]);
    expect(shape('mixed7')).toEqual([null, 17, 17, 768]);
    expect(shape('mixed10')).toEqual([null, 8, 8, 2048]);
    const conv = model.getLayer('mixed0_1x1_conv').getConfig();
    const norm = model.getLayer('mixed0_1x1_bn');
    expect(conv.useBias).toBe(false);
    expect(norm.getConfig().epsilon).toBe(1e-3);
    expect(norm.trainableWeights.map((weight) => weight.originalName)).toEqual(['mixed0_1x1_bn/beta']);
    expect(norm.nonTrainableWeights.map((weight) => weight.shape)).toEqual([[64], [64]]);
    model.dispose();
  });

  it('small-input variant has the same parameters and reaches 8×8 → 2×2 at the last grid', () => {
    expectCounts(inceptionV3({ smallInput: true }), { height: 32, width: 32, channels: 3 }, 1000, { total: 23_851_784 });
    const model = inceptionV3({ smallInput: true }).build({ height: 32, width: 32, channels: 3 }, 10);
    expect((model.getLayer('mixed10').output as tf.SymbolicTensor).shape).toEqual([null, 2, 2, 2048]);
    expectForward(model, 1, { height: 32, width: 32, channels: 3 }, 10);
    model.dispose();
  });

  it('trains one step without leaking tensors', async () => {
    const model = inceptionV3({ smallInput: true, classesActivation: 'linear' }).build({ height: 21, width: 21, channels: 1 }, 3);
    expectForward(model, 1, { height: 21, width: 21, channels: 1 }, 3, false);
    await expectTrainingStep(model, { height: 21, width: 21, channels: 1 }, 3, { logits: true });
    model.dispose();
  }, TRAINING_STEP_TIMEOUT);

  it('enforces its minimum input (75, or 21 with smallInput) with a typed error', () => {
    expect(inceptionV3().minimumInput).toEqual({ height: 75, width: 75 });
    expectMinimumEnforced(inceptionV3());
    expectMinimumEnforced(inceptionV3({ smallInput: true }));
  });
});

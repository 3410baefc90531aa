import { initBackend } from '@lowres/core';
import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { googlenet } from './googlenet';
import { LocalResponseNormalization } from './layers/local-response-normalization';
import { TRAINING_STEP_TIMEOUT, expectCounts, expectForward, expectMinimumEnforced, expectTrainingStep } from './model-test-support';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('googlenet', () => {
  it('has 6,998,552 parameters at 224×224×3, 1000 classes (main head only)', () => {
    expectCounts(googlenet(), { height: 224, width: 224, channels: 3 }, 1000, { total: 6_998_552, trainable: 6_998_552 });
  });

  it('follows Table 1’s output sizes and depths', () => {
    const model = googlenet().build({ height: 224, width: 224, channels: 3 }, 1000);
    const shape = (name: string) => (model.getLayer(name).output as tf.SymbolicTensor).shape;
    expect(shape('pool1_3x3_s2')).toEqual([null, 56, 56, 64]);
    expect(shape('pool2_3x3_s2')).toEqual([null, 28, 28, 192]);
    expect(shape('inception_3a_output')).toEqual([null, 28, 28, 256]);
    expect(shape('inception_3b_output')).toEqual([null, 28, 28, 480]);
    expect(shape('inception_4a_output')).toEqual([null, 14, 14, 512]);
    expect(shape('inception_4e_output')).toEqual([null, 14, 14, 832]);
    expect(shape('inception_5b_output')).toEqual([null, 7, 7, 1024]);
    expect(model.layers.filter((layer) => layer instanceof LocalResponseNormalization)).toHaveLength(2);
    model.dispose();
  });

  it('batch-norm option: batch norm after every conv (no conv bias), no LRN', () => {
    const model = googlenet({ batchNorm: true }).build({ height: 224, width: 224, channels: 3 }, 1000);
    const convolutions = model.layers.filter((layer) => layer.getClassName() === 'Conv2D');
    const norms = model.layers.filter((layer) => layer.getClassName() === 'BatchNormalization');
    expect(convolutions).toHaveLength(57);
    expect(norms).toHaveLength(57);
    expect(convolutions.every((layer) => layer.getConfig().useBias === false)).toBe(true);
    expect(model.layers.some((layer) => layer instanceof LocalResponseNormalization)).toBe(false);
    // Each conv trades its bias for γ, β (trainable) and two moving statistics.
    const biases = 6_998_552 - 1_025_000 - convolutions.reduce((sum, layer) => sum + layer.countParams(), 0);
    expect(model.countParams()).toBe(6_998_552 + 3 * biases);
    model.dispose();
  });

  it('runs a forward pass at 32×32 (small input), with and without batch norm', () => {
    for (const batchNorm of [false, true]) {
      const model = googlenet({ smallInput: true, batchNorm }).build({ height: 32, width: 32, channels: 3 }, 10);
      expect((model.getLayer('inception_5b_output').output as tf.SymbolicTensor).shape).toEqual([null, 4, 4, 1024]);
      expectForward(model, 1, { height: 32, width: 32, channels: 3 }, 10);
      model.dispose();
    }
  });

  it('trains one step without leaking tensors (LRN and batch-norm variants)', async () => {
    for (const batchNorm of [false, true]) {
      const model = googlenet({ smallInput: true, batchNorm, classesActivation: 'linear' }).build({ height: 12, width: 12, channels: 1 }, 3);
      await expectTrainingStep(model, { height: 12, width: 12, channels: 1 }, 3, { logits: true });
      model.dispose();
    }
  }, TRAINING_STEP_TIMEOUT);

  it('enforces its minimum input (47, or 12 with smallInput) with a typed error', () => {
    expect(googlenet().minimumInput).toEqual({ height: 47, width: 47 });
    expectMinimumEnforced(googlenet());
    expectMinimumEnforced(googlenet({ smallInput: true }));
  });
});

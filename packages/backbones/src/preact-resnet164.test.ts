import { initBackend } from '@lowres/core';
import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_STEP_TIMEOUT, expectCounts, expectForward, expectMinimumEnforced, expectTrainingStep } from './model-test-support';
import { preactResnet164 } from './preact-resnet164';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('preactResnet164', () => {
  it('has 1,703,258 trainable parameters for 10 classes and 1,726,388 for 100', () => {
    const input = { height: 32, width: 32, channels: 3 };
    // 12,112 batch-norm channels add 24,224 moving statistics.
    expectCounts(preactResnet164(), input, 10, { trainable: 1_703_258, total: 1_727_482 });
    expectCounts(preactResnet164(), input, 100, { trainable: 1_726_388 });
  });

  it('has 164 weighted layers: 1 stem conv, 3 × 18 × 3 block convs, 1 dense (shortcuts excluded)', () => {
    const model = preactResnet164().build({ height: 32, width: 32, channels: 3 }, 10);
    const layers = model.layers.map((layer) => layer.name);
    const mainPath = layers.filter((name) => /^(conv1|stage\d+_\d+_conv\d|fc)$/.test(name));
    expect(mainPath).toHaveLength(164);
    expect(layers.filter((name) => name.endsWith('_shortcut'))).toEqual(['stage1_0_shortcut', 'stage2_0_shortcut', 'stage3_0_shortcut']);
    expect((model.getLayer('final_bn').output as tf.SymbolicTensor).shape).toEqual([null, 8, 8, 256]);
    model.dispose();
  });

  it('runs a forward pass at 32×32 and 28×28 (it is a small-input design)', () => {
    const model = preactResnet164().build({ height: 32, width: 32, channels: 3 }, 10);
    expectForward(model, 1, { height: 32, width: 32, channels: 3 }, 10);
    model.dispose();
    const logits = preactResnet164({ classesActivation: 'linear' }).build({ height: 28, width: 28, channels: 1 }, 10);
    expect(logits.outputs[0]!.shape).toEqual([null, 10]);
    logits.dispose();
  });

  it('trains one step without leaking tensors', async () => {
    const model = preactResnet164().build({ height: 4, width: 4, channels: 3 }, 3);
    await expectTrainingStep(model, { height: 4, width: 4, channels: 3 }, 3);
    model.dispose();
  }, TRAINING_STEP_TIMEOUT);

  it('enforces its 4×4 minimum input with a typed error', () => {
    expect(preactResnet164().minimumInput).toEqual({ height: 4, width: 4 });
    expectMinimumEnforced(preactResnet164());
  });
});

import { initBackend, InvalidArgumentError } from '@lowres/core';
import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_STEP_TIMEOUT, expectCounts, expectForward, expectMinimumEnforced, expectTrainingStep } from './model-test-support';
import { resnet18 } from './resnet18';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('resnet18', () => {
  it('has torchvision’s 11,689,512 trainable parameters at 224×224×3, 1000 classes', () => {
    // 4,800 batch-norm channels add 9,600 moving statistics.
    expectCounts(resnet18(), { height: 224, width: 224, channels: 3 }, 1000, { trainable: 11_689_512, total: 11_699_112 });
  });

  it('reduces 224×224 to a 7×7×512 map before pooling, with torchvision layer names', () => {
    const model = resnet18().build({ height: 224, width: 224, channels: 3 }, 1000);
    expect((model.getLayer('layer4_1_bn2').output as tf.SymbolicTensor).shape).toEqual([null, 7, 7, 512]);
    expect((model.getLayer('layer2_0_downsample_0').output as tf.SymbolicTensor).shape).toEqual([null, 28, 28, 128]);
    model.dispose();
  });

  it('small-input variant keeps the stage widths and only swaps the stem', () => {
    // 3×3×3×64 stem instead of 7×7×3×64: 9,408 − 1,728 fewer weights.
    expectCounts(resnet18({ smallInput: true }), { height: 32, width: 32, channels: 3 }, 10, {
      trainable: 11_689_512 - 9_408 + 1_728 - (1000 - 10) * 513,
    });
  });

  it('runs a forward pass at 32×32 (small input) with probabilities and with logits', () => {
    const probabilities = resnet18({ smallInput: true }).build({ height: 32, width: 32, channels: 3 }, 10);
    expectForward(probabilities, 1, { height: 32, width: 32, channels: 3 }, 10);
    probabilities.dispose();
    const logits = resnet18({ smallInput: true, classesActivation: 'linear' }).build({ height: 8, width: 8, channels: 1 }, 4);
    expectForward(logits, 2, { height: 8, width: 8, channels: 1 }, 4, false);
    logits.dispose();
  });

  it('trains one step without leaking tensors', async () => {
    const model = resnet18({ smallInput: true }).build({ height: 8, width: 8, channels: 3 }, 3);
    await expectTrainingStep(model, { height: 8, width: 8, channels: 3 }, 3);
    model.dispose();
  }, TRAINING_STEP_TIMEOUT);

  it('enforces its minimum input (32, or 8 with smallInput) with a typed error', () => {
    expect(resnet18().minimumInput).toEqual({ height: 32, width: 32 });
    expectMinimumEnforced(resnet18({ smallInput: true }));
    expect(() => resnet18().build({ height: 28, width: 28, channels: 1 }, 10)).toThrow(InvalidArgumentError);
  });

  it('rejects bad class counts and options', () => {
    const backEnd = resnet18({ smallInput: true });
    expect(() => backEnd.build({ height: 8, width: 8, channels: 3 }, 0)).toThrow(/classes/);
    expect(() => backEnd.build({ height: 8, width: 8, channels: 3 }, 2.5)).toThrow(InvalidArgumentError);
    expect(() => backEnd.build({ height: 8, width: 8, channels: 0 }, 2)).toThrow(/input\.channels/);
    expect(() => resnet18({ classesActivation: 'sigmoid' as 'linear' })).toThrow(/classesActivation/);
  });
});

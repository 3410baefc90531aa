import { initBackend } from '@lowres/core';
import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_STEP_TIMEOUT, expectCounts, expectForward, expectMinimumEnforced, expectTrainingStep } from './model-test-support';
import { vgg16 } from './vgg16';

beforeAll(async () => {
  await initBackend('cpu');
});

const CONVOLUTIONS = 14_714_688; // Keras VGG16(include_top=False)

describe('vgg16', () => {
  it('has 138,357,544 parameters at 224×224×3, 1000 classes (all trainable)', () => {
    expectCounts(vgg16(), { height: 224, width: 224, channels: 3 }, 1000, { total: 138_357_544, trainable: 138_357_544 });
  });

  it('flattens whatever map the input leaves: 1×1×512 at 32×32, 2×2×512 at 32×32 with smallInput', () => {
    const head = (fanIn: number, hidden: number, classes: number): number =>
      fanIn * hidden + hidden + hidden * hidden + hidden + hidden * classes + classes;
    expectCounts(vgg16({ hiddenUnits: 64 }), { height: 32, width: 32, channels: 3 }, 10, { total: CONVOLUTIONS + head(512, 64, 10) });
    expectCounts(vgg16({ hiddenUnits: 64, smallInput: true }), { height: 32, width: 32, channels: 3 }, 10, {
      total: CONVOLUTIONS + head(2048, 64, 10),
    });
  });

  it('runs a forward pass at 32×32 (small input)', () => {
    const model = vgg16({ smallInput: true, hiddenUnits: 256 }).build({ height: 32, width: 32, channels: 3 }, 10);
    expectForward(model, 1, { height: 32, width: 32, channels: 3 }, 10);
    expect((model.getLayer('block5_conv3').output as tf.SymbolicTensor).shape).toEqual([null, 2, 2, 512]);
    model.dispose();
    const logits = vgg16({ smallInput: true, classesActivation: 'linear', hiddenUnits: 8 }).build({ height: 16, width: 16, channels: 1 }, 5);
    expectForward(logits, 2, { height: 16, width: 16, channels: 1 }, 5, false);
    logits.dispose();
  });

  it('trains one step without leaking tensors', async () => {
    const model = vgg16({ smallInput: true, hiddenUnits: 16 }).build({ height: 16, width: 16, channels: 3 }, 3);
    await expectTrainingStep(model, { height: 16, width: 16, channels: 3 }, 3);
    model.dispose();
  }, TRAINING_STEP_TIMEOUT);

  it('enforces its minimum input (32, or 16 with smallInput) with a typed error', () => {
    expect(vgg16().minimumInput).toEqual({ height: 32, width: 32 });
    expectMinimumEnforced(vgg16({ smallInput: true, hiddenUnits: 8 }));
    expectMinimumEnforced(vgg16({ hiddenUnits: 8 }));
  });

  it('rejects bad head options', () => {
    expect(() => vgg16({ hiddenUnits: 0 })).toThrow(/hiddenUnits/);
    expect(() => vgg16({ dropout: 1 })).toThrow(/dropout/);
  });
});

import { initBackend } from '@lowres/core';
import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { alexnet } from './alexnet';
import { GroupedConv2D } from './layers/grouped-conv2d';
import { LocalResponseNormalization } from './layers/local-response-normalization';
import { TRAINING_STEP_TIMEOUT, expectCounts, expectForward, expectMinimumEnforced, expectTrainingStep } from './model-test-support';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('alexnet', () => {
  it('has BVLC AlexNet’s 60,965,224 parameters at 227×227×3, 1000 classes', () => {
    expectCounts(alexnet(), { height: 227, width: 227, channels: 3 }, 1000, { total: 60_965_224, trainable: 60_965_224 });
  });

  it('matches Caffe’s blob shapes 55 → 27 → 13 → 6 with grouped conv2/4/5 and LRN', () => {
    const model = alexnet().build({ height: 227, width: 227, channels: 3 }, 1000);
    const shape = (name: string) => (model.getLayer(name).output as tf.SymbolicTensor).shape;
    expect(shape('conv1')).toEqual([null, 55, 55, 96]);
    expect(shape('pool1')).toEqual([null, 27, 27, 96]);
    expect(shape('pool2')).toEqual([null, 13, 13, 256]);
    expect(shape('pool5')).toEqual([null, 6, 6, 256]);
    for (const name of ['conv2', 'conv4', 'conv5']) expect(model.getLayer(name)).toBeInstanceOf(GroupedConv2D);
    expect(model.getLayer('norm1')).toBeInstanceOf(LocalResponseNormalization);
    // conv2: two kernels of 5×5×48×128 plus one bias of 256, as Caffe's 256×48×5×5 blob + bias.
    expect(model.getLayer('conv2').weights.map((weight) => weight.shape)).toEqual([[5, 5, 48, 128], [5, 5, 48, 128], [256]]);
    model.dispose();
  });

  it('uses Caffe’s ceil-mode pooling where it differs from floor mode (conv1 map 14 → pool1 7, not 6)', () => {
    // 64×64: conv1 → floor((64 − 11) / 4) + 1 = 14; Caffe: ceil((14 − 3) / 2) + 1 = 7.
    const model = alexnet({ hiddenUnits: 8 }).build({ height: 64, width: 64, channels: 3 }, 2);
    expect((model.getLayer('conv1').output as tf.SymbolicTensor).shape).toEqual([null, 14, 14, 96]);
    expect((model.getLayer('pool1').output as tf.SymbolicTensor).shape).toEqual([null, 7, 7, 96]);
    model.dispose();
  });

  it('runs a forward pass at 32×32 (small input)', () => {
    const model = alexnet({ smallInput: true, hiddenUnits: 64 }).build({ height: 32, width: 32, channels: 3 }, 10);
    expect((model.getLayer('pool5').output as tf.SymbolicTensor).shape).toEqual([null, 4, 4, 256]);
    expectForward(model, 2, { height: 32, width: 32, channels: 3 }, 10);
    model.dispose();
  });

  it('trains one step (through LRN and grouped convolutions) without leaking tensors', async () => {
    const model = alexnet({ smallInput: true, hiddenUnits: 16, classesActivation: 'linear' }).build({ height: 12, width: 12, channels: 1 }, 3);
    expectForward(model, 2, { height: 12, width: 12, channels: 1 }, 3, false);
    await expectTrainingStep(model, { height: 12, width: 12, channels: 1 }, 3, { logits: true });
    model.dispose();
  }, TRAINING_STEP_TIMEOUT);

  it('enforces its minimum input (55, or 12 with smallInput) with a typed error', () => {
    expect(alexnet().minimumInput).toEqual({ height: 55, width: 55 });
    expectMinimumEnforced(alexnet({ hiddenUnits: 8 }));
    expectMinimumEnforced(alexnet({ smallInput: true, hiddenUnits: 8 }));
  });
});

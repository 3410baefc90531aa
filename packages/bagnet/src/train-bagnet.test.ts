import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { TrainingDivergedError } from '@lowres/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { bagnet } from './bagnet';
import { bagnetTrainingDefaults, trainBagnet } from './train-bagnet';

/** Two classes a 9×9 patch can tell apart: dark images vs bright images. */
function brightnessData(count: number): { images: tf.Tensor4D; labels: tf.Tensor2D } {
  return tf.tidy(() => {
    const classes = tf.tensor1d(Array.from({ length: count }, (_, i) => i % 2), 'int32');
    const level = classes.toFloat().mul(0.6).add(0.2).reshape([count, 1, 1, 1]);
    const noise = tf.randomUniform([count, 12, 12, 1], -0.15, 0.15, 'float32', 21);
    return { images: level.add(noise) as tf.Tensor4D, labels: tf.oneHot(classes, 2) as tf.Tensor2D };
  });
}

describe('trainBagnet', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('exposes the study defaults', () => {
    expect(bagnetTrainingDefaults.batchSize).toBe(100);
    expect(bagnetTrainingDefaults.learningRates).toEqual({ sgd: 0.001, adam: 0.001, adadelta: 1 });
  });

  // Full-batch steps, so every loss is measured on the same objective.
  it.each([
    ['adam', undefined, 10],
    ['sgd', 0.001, 2],
    ['adadelta', undefined, 2],
  ] as const)('trains with %s without leaking tensors', async (optimizer, learningRate, epochs) => {
    const model = bagnet({ patch: 9, width: 1 / 16, seed: 6 }).build({ height: 12, width: 12, channels: 1 }, 2);
    const data = brightnessData(16);
    const before = model.getLayer('layer1_0_conv2').getWeights()[0]!.dataSync().slice();
    const steps: number[] = [];
    const result = await expectNoTensorLeaks(
      () => trainBagnet(model, data, { optimizer, learningRate, batchSize: 16, epochs, seed: 1, onStep: ({ step }) => steps.push(step) }),
      `trainBagnet(${optimizer})`,
    );
    expect(result.losses).toHaveLength(epochs);
    expect(steps).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
    expect(result.losses.every(Number.isFinite)).toBe(true);
    const after = model.getLayer('layer1_0_conv2').getWeights()[0]!.dataSync();
    expect(after.some((value, i) => value !== before[i])).toBe(true);
    if (optimizer === 'adam') {
      const lastThree = result.losses.slice(-3).reduce((a, b) => a + b, 0) / 3;
      expect(lastThree).toBeLessThan(result.losses[0]! * 0.8);
    }
    if (optimizer === 'sgd') {
      // A small first step (momentum has nothing accumulated yet) is plain gradient descent.
      expect(result.losses[1]!).toBeLessThan(result.losses[0]!);
    }
    tf.dispose([data.images, data.labels]);
    model.dispose();
  });

  it('stops at maxSteps and rejects mismatched data and options', async () => {
    const model = bagnet({ patch: 9, width: 1 / 16 }).build({ height: 12, width: 12, channels: 1 }, 2);
    const data = brightnessData(6);
    const { losses } = await trainBagnet(model, data, { optimizer: 'adam', batchSize: 2, epochs: 5, maxSteps: 4 });
    expect(losses).toHaveLength(4);
    const wrongLabels = tf.zeros([6, 3]) as tf.Tensor2D;
    await expect(trainBagnet(model, { images: data.images, labels: wrongLabels }, { optimizer: 'adam' })).rejects.toThrow(ShapeMismatchError);
    await expect(trainBagnet(model, data, { optimizer: 'rmsprop' as 'adam' })).rejects.toThrow(/optimizer/);
    await expect(trainBagnet(model, data, { optimizer: 'adam', batchSize: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(trainBagnet(model, data, { optimizer: 'adam', maxSteps: 1.5 })).rejects.toThrow(/maxSteps: expected a positive integer, got 1\.5/);
    tf.dispose([data.images, data.labels, wrongLabels]);
    model.dispose();
  });

  it('stops with TrainingDivergedError (the engine NaN guard) when the loss is not finite', async () => {
    const model = bagnet({ patch: 9, width: 1 / 16 }).build({ height: 12, width: 12, channels: 1 }, 2);
    const data = brightnessData(4);
    const broken = tf.fill([4, 12, 12, 1], Number.NaN) as tf.Tensor4D;
    const before = model.getLayer('layer1_0_conv2').getWeights()[0]!.dataSync().slice();
    await expect(trainBagnet(model, { images: broken, labels: data.labels }, { optimizer: 'adam', batchSize: 4 })).rejects.toThrow(
      TrainingDivergedError,
    );
    expect(model.getLayer('layer1_0_conv2').getWeights()[0]!.dataSync()).toEqual(before);
    tf.dispose([data.images, data.labels, broken]);
    model.dispose();
  });
});

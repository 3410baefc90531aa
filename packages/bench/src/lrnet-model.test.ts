import type * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lowres/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLrnetShaped } from './lrnet-model';

function trainableCount(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, weight) => sum + (weight.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

describe('bench LR-Net copy', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('has the spec parameter counts and output shape for 28×28×1, 10 classes', () => {
    const model = buildLrnetShaped([28, 28, 1], 10);
    expect(model.countParams()).toBe(1_028_234);
    expect(trainableCount(model)).toBe(1_024_998);
    expect(model.outputs[0]?.shape).toEqual([null, 10]);
    model.dispose();
  });

  it('matches the spec for 32×32×3', () => {
    const model = buildLrnetShaped([32, 32, 3], 10);
    expect(model.countParams()).toBe(1_079_614);
    model.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lowres/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BagnetPatch } from './bagnet-architecture';
import { bagnet } from './bagnet';
import { classEvidence } from './class-evidence';

/** Bounding box [top, bottom, left, right] of the non-zero entries of an [H, W, C] gradient. */
function nonZeroBox(gradient: Float32Array, height: number, width: number, channels: number): number[] {
  let box = [Number.POSITIVE_INFINITY, -1, Number.POSITIVE_INFINITY, -1];
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      for (let channel = 0; channel < channels; channel++) {
        if (gradient[(row * width + column) * channels + channel] !== 0) {
          box = [Math.min(box[0]!, row), Math.max(box[1]!, row), Math.min(box[2]!, column), Math.max(box[3]!, column)];
        }
      }
    }
  }
  return box;
}

describe('BagNet receptive field', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it.each([9, 17, 33] as const)('one patch logit of BagNet-%i depends on exactly a q×q window', (patch: BagnetPatch) => {
    const size = patch + 8;
    const model = bagnet({ patch, width: 1 / 8, seed: 7, classesActivation: 'linear' }).build({ height: size, width: size, channels: 2 }, 3);
    const x = tf.randomUniform([1, size, size, 2], 0, 1, 'float32', 13);
    for (const [row, column] of [[0, 0], [1, 1], [0, 1]] as const) {
      const gradient = tf.grad((input: tf.Tensor) =>
        tf.slice(classEvidence(model, input as tf.Tensor4D), [0, row, column, 1], [1, 1, 1, 1]).sum(),
      )(x);
      const box = nonZeroBox(gradient.dataSync() as Float32Array, size, size, 2);
      // The patch at (row, column) starts at 8·(row, column): three stride-2 stages.
      expect(box).toEqual([8 * row, 8 * row + patch - 1, 8 * column, 8 * column + patch - 1]);
      gradient.dispose();
    }
    x.dispose();
    model.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { evidenceOverlay } from './evidence-overlay';

describe('evidenceOverlay', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('returns RGBA pixels: red where evidence supports the class, blue where it opposes, grey where it is zero', async () => {
    const image = tf.fill([4, 4, 1], 0.5) as tf.Tensor3D;
    const evidence = tf.tensor4d([[[[3], [0]], [[0], [-3]]]]);
    const picture = await expectNoTensorLeaks(() => evidenceOverlay(image, evidence, { classIndex: 0, opacity: 1 }), 'overlay');
    expect([picture.width, picture.height, picture.rgba.length]).toEqual([4, 4, 64]);
    expect(picture.rgba).toBeInstanceOf(Uint8ClampedArray);
    expect(Array.from(picture.rgba.subarray(0, 4))).toEqual([255, 0, 0, 255]);
    expect(Array.from(picture.rgba.subarray(60, 64))).toEqual([0, 0, 255, 255]);
    expect(Array.from(picture.rgba.subarray(12, 16))).toEqual([128, 128, 128, 255]);
    tf.dispose([image, evidence]);
  });
});

import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { psnr } from './psnr';
import { ssim } from './ssim';
import { StreamingImageQuality } from './streaming-image-quality';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('StreamingImageQuality', () => {
  it('averages per image over batches of different sizes and leaks nothing over 1,000 updates', async () => {
    const first = tf.randomUniform([3, 14, 14, 3], 0, 1, 'float32', 1);
    const second = tf.randomUniform([1, 14, 14, 3], 0, 1, 'float32', 2);
    const noisyFirst = tf.tidy(() => tf.clipByValue(tf.add(first, tf.randomNormal(first.shape, 0, 0.05, 'float32', 3)), 0, 1));
    const noisySecond = tf.tidy(() => tf.clipByValue(tf.add(second, tf.randomNormal(second.shape, 0, 0.1, 'float32', 4)), 0, 1));
    const options = { cropBorder: 1, yChannel: true };
    const metric = new StreamingImageQuality(options);
    metric.update(noisyFirst, first);
    metric.update(noisySecond, second);
    const expectedPsnr = [...psnr(noisyFirst, first, options).perImage, ...psnr(noisySecond, second, options).perImage];
    const expectedSsim = [...ssim(noisyFirst, first, options).perImage, ...ssim(noisySecond, second, options).perImage];
    const summary = metric.compute();
    expect(summary.images).toBe(4);
    expect(summary.psnr).toBeCloseTo(expectedPsnr.reduce((a, b) => a + b) / 4, 10);
    expect(summary.ssim).toBeCloseTo(expectedSsim.reduce((a, b) => a + b) / 4, 10);
    metric.reset();
    expect(() => metric.compute()).toThrow(InvalidArgumentError);
    const small = tf.randomUniform([1, 11, 11, 1], 0, 1, 'float32', 5);
    const other = tf.randomUniform([1, 11, 11, 1], 0, 1, 'float32', 6);
    const plain = new StreamingImageQuality();
    await expectNoTensorLeaks(() => {
      for (let i = 0; i < 1000; i += 1) plain.update(small, other);
      plain.compute();
    }, 'StreamingImageQuality');
    expect(plain.compute().images).toBe(1000);
    tf.dispose([first, second, noisyFirst, noisySecond, small, other]);
  });
});

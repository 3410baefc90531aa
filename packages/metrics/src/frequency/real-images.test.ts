import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { imresize, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { psnr } from '../image-quality/psnr';
import { ssim } from '../image-quality/ssim';
import { pngByteSize } from './png-size';
import { highFrequencyEnergyShare, radialPowerSpectrum } from './power-spectrum';

const IMAGES = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz';
const COUNT = 64;

beforeAll(async () => {
  await initBackend('cpu');
});

// The first COUNT test images as [N, 28, 28, 1] floats in [0, 1] (IDX: 16-byte header, then bytes).
function loadImages(): tf.Tensor4D {
  const bytes = gunzipSync(readFileSync(IMAGES));
  const pixels = bytes.subarray(16, 16 + COUNT * 28 * 28);
  return tf.tidy(() => tf.div(tf.tensor4d(Float32Array.from(pixels), [COUNT, 28, 28, 1]), 255));
}

describe.skipIf(!existsSync(IMAGES))('high-frequency evidence on Fashion-MNIST', () => {
  it('bicubic down/up-scaling shrinks PNG size and high-frequency energy, and lowers PSNR/SSIM', async () => {
    const original = loadImages();
    const smoothed = tf.tidy(() => {
      const low = imresize(original, { scale: 0.5 });
      return tf.clipByValue(imresize(low, { size: [28, 28] }), 0, 1) as tf.Tensor4D;
    });
    await expectNoTensorLeaks(() => {
      const sharpSize = pngByteSize(original);
      const smoothSize = pngByteSize(smoothed);
      expect(smoothSize.totalBytes).toBeLessThan(sharpSize.totalBytes);
      const sharpShare = highFrequencyEnergyShare(original);
      const smoothShare = highFrequencyEnergyShare(smoothed);
      expect(smoothShare.overall).toBeLessThan(sharpShare.overall * 0.5);
      const sharpSpectrum = radialPowerSpectrum(original, { bins: 10 });
      const smoothSpectrum = radialPowerSpectrum(smoothed, { bins: 10 });
      expect(smoothSpectrum.energy[8]!).toBeLessThan(sharpSpectrum.energy[8]!);
      const quality = psnr(smoothed, original, { cropBorder: 2 });
      expect(quality.mean).toBeGreaterThan(15);
      expect(Number.isFinite(quality.mean)).toBe(true);
      const similarity = ssim(smoothed, original, { cropBorder: 2 });
      expect(similarity.mean).toBeGreaterThan(0.3);
      expect(similarity.mean).toBeLessThan(1);
    }, 'metrics on real images');
    tf.dispose([original, smoothed]);
  });
});

import { ShapeMismatchError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { pngByteSize, psnr, radialPowerSpectrum, ssim } from '@lowres/metrics';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CheckedDataset, checkDataset } from '../data/image-dataset';
import { bicubicSr } from '../registry/bicubic-sr';
import { scoreSuperResolution, srQualityMarkdown, srSpectrumSvg } from './sr-quality';

/** A dataset of `count` images whose pixels come from `pixel(n, i)`. */
function images(count: number, size: number, pixel: (n: number, i: number) => number): CheckedDataset {
  const data = new Float32Array(count * size * size);
  for (let n = 0; n < count; n += 1) for (let i = 0; i < size * size; i += 1) data[n * size * size + i] = pixel(n, i);
  return checkDataset({ images: data, labels: new Int32Array(count), count, height: size, width: size, channels: 1, classes: 1 }, 'test');
}

/** ×2 model: nearest up-sampling, then a 1×1 conv with kernel `weight` and bias `bias`. */
function constantishSr(weight: number, bias: number): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 1] });
  const up = tf.layers.upSampling2d({ size: [2, 2] }).apply(input) as tf.SymbolicTensor;
  const conv = tf.layers.conv2d({ filters: 1, kernelSize: 1, kernelInitializer: tf.initializers.constant({ value: weight }), biasInitializer: tf.initializers.constant({ value: bias }) });
  return tf.model({ inputs: input, outputs: conv.apply(up) as tf.SymbolicTensor });
}

// Deterministic pseudo-random pixels in [0, 1].
function unit(n: number, i: number): number {
  const x = Math.sin(n * 97.1 + i * 12.9898) * 43758.5453;
  return x - Math.floor(x);
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('scoreSuperResolution', () => {
  it('a zero output against originals of 0.5: PSNR 10·log10(1/0.25), SSIM c1/(0.25 + c1), no high frequency', async () => {
    const model = constantishSr(0, 0);
    const quality = await expectNoTensorLeaks(
      async () => scoreSuperResolution(model, images(5, 8, unit), images(5, 16, () => 0.5), { batchSize: 2 }),
      'scoreSuperResolution',
    );
    expect(quality.images).toBe(5);
    expect(quality.cropBorder).toBe(2);
    expect(quality.sr.psnr).toBeCloseTo(10 * Math.log10(1 / 0.25), 4);
    const c1 = 0.01 ** 2;
    expect(quality.sr.ssim).toBeCloseTo(c1 / (0.25 + c1), 6);
    expect(quality.sr.highFrequencyShare).toBe(0);
    expect(quality.original.highFrequencyShare).toBe(0);
    // Constant images have no power to plot: only bicubic (of random inputs) is drawn; with constant inputs too, nothing.
    expect(srSpectrumSvg(quality)).toContain('bicubic');
    expect(srSpectrumSvg(quality)).not.toContain('SR output');
    expect(srSpectrumSvg(scoreSuperResolution(model, images(2, 8, () => 0.3), images(2, 16, () => 0.5)))).toBeNull();
    const zeros = tf.zeros([1, 16, 16, 1]);
    expect(quality.sr.pngMeanBytes).toBe(pngByteSize(zeros).totalBytes);
    zeros.dispose();
    expect(quality.lossPixelShare).toBeNull();
    model.dispose();
  });

  it('bicubic as the SR model scores exactly as the bicubic baseline, and matches psnr / ssim on the whole set', async () => {
    const model = bicubicSr({ scale: 2 }).build({ height: 8, width: 8, channels: 1 });
    const input = images(7, 8, unit);
    const originals = images(7, 16, (n, i) => unit(n + 50, i));
    const quality = scoreSuperResolution(model, input, originals, { batchSize: 3 });
    expect(quality.sr).toEqual(quality.bicubic);
    const [upscaled, target] = tf.tidy(() => [
      tf.clipByValue(model.predict(tf.tensor4d(input.images, [7, 8, 8, 1])) as tf.Tensor4D, 0, 1),
      tf.tensor4d(originals.images, [7, 16, 16, 1]),
    ]);
    expect(quality.sr.psnr).toBeCloseTo(psnr(upscaled!, target!, { cropBorder: 2 }).mean, 10);
    expect(quality.sr.ssim).toBeCloseTo(ssim(upscaled!, target!, { cropBorder: 2 }).mean, 10);
    tf.dispose([upscaled, target]);
    model.dispose();
  });

  it('does not depend on the batch size; the loss pixel share is averaged over images', () => {
    const model = constantishSr(0.7, 0.1);
    const input = images(8, 8, unit);
    const originals = images(8, 16, (n, i) => unit(n + 9, i));
    const perBatch = (hr: tf.Tensor4D) => hr.shape[0] / 10;
    const small = scoreSuperResolution(model, input, originals, { batchSize: 3, lossPixelShare: perBatch });
    const whole = scoreSuperResolution(model, input, originals, { batchSize: 64, lossPixelShare: perBatch });
    expect(small.lossPixelShare).toBeCloseTo((3 * 0.3 + 3 * 0.3 + 2 * 0.2) / 8, 12);
    expect(whole.lossPixelShare).toBeCloseTo(0.8, 12);
    for (const key of ['sr', 'bicubic'] as const) {
      for (const field of ['psnr', 'ssim', 'highFrequencyShare', 'pngMeanBytes'] as const) expect(small[key][field]).toBeCloseTo(whole[key][field]!, 9);
      for (const [bin, power] of small[key].spectrum.power.entries()) expect(power).toBeCloseTo(whole[key].spectrum.power[bin]!, 12);
    }
    // The spectrum of the originals is radialPowerSpectrum over the whole set.
    const all = tf.tensor4d(originals.images, [8, 16, 16, 1]);
    const reference = radialPowerSpectrum(all);
    all.dispose();
    for (const [bin, energy] of small.original.spectrum.energy.entries()) expect(energy).toBeCloseTo(reference.energy[bin]!, 12);
    model.dispose();
  });

  it('clips outputs to [0, 1] as saving them would: an output of 2 against originals of 1 is exact', () => {
    const model = constantishSr(0, 2);
    const quality = scoreSuperResolution(model, images(2, 8, unit), images(2, 16, () => 1));
    expect(quality.sr.psnr).toBe(Number.POSITIVE_INFINITY);
    model.dispose();
  });

  it('leaves SSIM out (null) for images smaller than its 11×11 window after cropping', () => {
    const input = tf.input({ shape: [4, 4, 1] });
    const model = tf.model({ inputs: input, outputs: tf.layers.upSampling2d({ size: [2, 2] }).apply(input) as tf.SymbolicTensor });
    const quality = scoreSuperResolution(model, images(2, 4, unit), images(2, 8, unit));
    expect(quality.sr.ssim).toBeNull();
    expect(Number.isFinite(quality.sr.psnr)).toBe(true);
    expect(srQualityMarkdown(quality).join('\n')).toMatch(/\| SR output \| [0-9.]+ \| – \|/);
    model.dispose();
  });

  it('rejects originals that do not pair with the inputs, naming them', () => {
    const model = constantishSr(1, 0);
    expect(() => scoreSuperResolution(model, images(3, 8, unit), images(2, 16, unit))).toThrow(ShapeMismatchError);
    expect(() => scoreSuperResolution(model, images(2, 8, unit), images(2, 12, unit))).toThrow(/SR model output/);
    const rgb = checkDataset({ images: new Float32Array(2 * 16 * 16 * 3), labels: new Int32Array(2), count: 2, height: 16, width: 16, channels: 3, classes: 1 }, 'rgb');
    expect(() => scoreSuperResolution(model, images(2, 8, unit), rgb)).toThrow(/originals.*1 channel/);
    model.dispose();
  });
});

describe('srQualityMarkdown', () => {
  it('tables the three image sets and states the loss pixel share', () => {
    const model = constantishSr(1, 0);
    const quality = scoreSuperResolution(model, images(2, 8, unit), images(2, 16, (n, i) => unit(n + 3, i)), { lossPixelShare: () => 0.6307 });
    const text = srQualityMarkdown(quality).join('\n');
    expect(text).toContain(`| SR output | ${quality.sr.psnr.toFixed(2)} | ${quality.sr.ssim!.toFixed(4)} |`);
    expect(text).toContain('| original | – | – |');
    expect(text).toContain('63.07 %');
    expect(srQualityMarkdown({ ...quality, lossPixelShare: null }).join('\n')).toContain('No pixel loss trained the SR front end.');
    expect(text).not.toContain('radial power spectrum');
    expect(srQualityMarkdown(quality, 'plots/sr-spectrum.svg').join('\n')).toContain('![radial power spectrum](plots/sr-spectrum.svg)');
    expect(srSpectrumSvg(quality)).toMatch(/^<svg[\s\S]*SR output[\s\S]*bicubic[\s\S]*original/);
    model.dispose();
  });
});

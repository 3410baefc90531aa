import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '../png/encode-png';
import { pngByteSize } from './png-size';
import { highFrequencyEnergyShare, MAX_RADIAL_FREQUENCY, radialPowerSpectrum } from './power-spectrum';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('radialPowerSpectrum', () => {
  it('sums to the mean squared value of the images (Parseval) and counts every frequency', () => {
    const images = tf.randomUniform([3, 10, 14, 2], 0, 1, 'float32', 4);
    const data = Array.from(images.dataSync());
    const meanSquare = data.reduce((sum, value) => sum + value * value, 0) / data.length;
    const spectrum = radialPowerSpectrum(images, { bins: 8, removeMean: false });
    expect(spectrum.energy.reduce((sum, value) => sum + value, 0)).toBeCloseTo(meanSquare, 9);
    expect(spectrum.counts.reduce((sum, value) => sum + value, 0)).toBe(140);
    expect(spectrum.frequencies[0]).toBeCloseTo(MAX_RADIAL_FREQUENCY / 16, 12);
    images.dispose();
  });

  it('gives the DC term exactly zero power once the mean is removed (no rounding residue)', () => {
    const images = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 7);
    // 32 bins over √0.5: the first holds only the DC term on a 28×28 grid (the next radius is 1/28).
    const spectrum = radialPowerSpectrum(images);
    expect(spectrum.counts[0]).toBe(1);
    expect(spectrum.energy[0]).toBe(0);
    expect(spectrum.power[0]).toBe(0);
    expect(radialPowerSpectrum(images, { removeMean: false }).energy[0]).toBeGreaterThan(0.1);
    images.dispose();
  });

  it('places a sinusoid of f cycles/pixel in the bin containing f, and the DC only without mean removal', () => {
    const size = 32;
    const f = 0.25;
    const values = Array.from({ length: size * size }, (_, i) => 0.5 + 0.25 * Math.sin(2 * Math.PI * f * (i % size)));
    const image = tf.tensor3d(values, [size, size, 1]);
    const bins = 10;
    const spectrum = radialPowerSpectrum(image, { bins });
    const expectedBin = Math.floor(f / (MAX_RADIAL_FREQUENCY / bins));
    const peak = spectrum.energy.indexOf(Math.max(...spectrum.energy));
    expect(peak).toBe(expectedBin);
    // A sinusoid of amplitude A carries mean square A²/2.
    expect(spectrum.energy[expectedBin]).toBeCloseTo(0.25 ** 2 / 2, 9);
    expect(spectrum.energy[0]).toBeCloseTo(0, 12);
    expect(radialPowerSpectrum(image, { bins, removeMean: false }).energy[0]).toBeCloseTo(0.25, 9);
    image.dispose();
  });

  it('marks bins with no frequency as null and rejects bad bins', () => {
    const image = tf.ones([2, 2, 1]);
    const spectrum = radialPowerSpectrum(image, { bins: 64 });
    expect(spectrum.power.some((value) => value === null)).toBe(true);
    expect(() => radialPowerSpectrum(image, { bins: 0 })).toThrow(InvalidArgumentError);
    image.dispose();
  });
});

describe('highFrequencyEnergyShare', () => {
  it('is near 1 for a checkerboard, 0 for a slow ramp, and blur lowers it', () => {
    const checker = tf.tensor4d(Array.from({ length: 64 }, (_, i) => ((i % 8) + Math.floor(i / 8)) % 2), [1, 8, 8, 1]);
    expect(highFrequencyEnergyShare(checker).perImage[0]).toBeCloseTo(1, 12);
    const slow = tf.tensor4d(Array.from({ length: 256 }, (_, i) => Math.cos((2 * Math.PI * (i % 16)) / 16)), [1, 16, 16, 1]);
    expect(highFrequencyEnergyShare(slow).perImage[0]).toBeCloseTo(0, 12);
    const noise = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    const blurred = tf.tidy(() => tf.avgPool(noise, 3, 1, 'same'));
    const sharp = highFrequencyEnergyShare(noise);
    const soft = highFrequencyEnergyShare(blurred);
    expect(soft.overall).toBeLessThan(sharp.overall);
    expect(sharp.mean).toBeCloseTo((sharp.perImage[0]! + sharp.perImage[1]!) / 2, 12);
    expect(highFrequencyEnergyShare(tf.zeros([4, 4, 1])).overall).toBe(0);
    expect(() => highFrequencyEnergyShare(noise, { cutoff: 0.9 })).toThrow(/cutoff/);
    tf.dispose([checker, slow, noise, blurred]);
  });
});

describe('pngByteSize', () => {
  it('equals the length of a max-compression PNG that decodes back to the quantised pixels', () => {
    const images = tf.randomUniform([2, 9, 7, 3], 0, 1, 'float32', 2);
    const size = pngByteSize(images);
    const data = images.dataSync();
    const first = Uint8Array.from(data.slice(0, 9 * 7 * 3), (value) => Math.round(value * 255));
    const encoded = encodePng(first, 7, 9, 3);
    expect(size.perImage[0]).toBe(encoded.length);
    const decoded = PNG.sync.read(Buffer.from(encoded));
    expect([decoded.width, decoded.height]).toEqual([7, 9]);
    const rgb = Array.from(decoded.data).filter((_, i) => i % 4 !== 3);
    expect(rgb).toEqual(Array.from(first));
    expect(size.totalBytes).toBe(size.perImage[0]! + size.perImage[1]!);
    images.dispose();
  });

  it('is larger for detailed images than for smooth ones, and accepts [0,255] integers and gray', () => {
    const noise = tf.tidy(() => tf.round(tf.randomUniform([1, 32, 32, 1], 0, 255, 'float32', 1)).cast('int32'));
    const flat = tf.fill([1, 32, 32, 1], 128, 'int32');
    expect(pngByteSize(noise, { peak: 255 }).totalBytes).toBeGreaterThan(pngByteSize(flat, { peak: 255 }).totalBytes * 5);
    tf.dispose([noise, flat]);
  });

  it('throws on values outside [0, peak] unless clipping, and on unsupported channel counts', async () => {
    const over = tf.tensor4d([0, 0.5, 1.2, 1], [1, 2, 2, 1]);
    expect(() => pngByteSize(over)).toThrow(/outside \[0, 1\]/);
    expect(pngByteSize(over, { clip: true }).totalBytes).toBeGreaterThan(0);
    const twoChannels = tf.zeros([1, 2, 2, 2]);
    expect(() => pngByteSize(twoChannels)).toThrow(/1, 3 or 4 channels/);
    await expectNoTensorLeaks(() => {
      for (let i = 0; i < 1000; i += 1) {
        pngByteSize(over, { clip: true });
        radialPowerSpectrum(over, { bins: 2 });
        highFrequencyEnergyShare(over);
      }
    }, 'frequency metrics');
    tf.dispose([over, twoChannels]);
  });
});

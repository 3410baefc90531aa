import { InvalidArgumentError, imresize, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { degrade } from './degrade';
import { gaussianBlur } from './gaussian-blur';
import { gaussianNoise } from './gaussian-noise';
import { jpegRecompress } from './jpeg';
import { makeLrHrPairs, randomPatches } from './lr-hr-pairs';

beforeAll(async () => {
  await initBackend('cpu');
});

function smooth(n: number, h: number, w: number, c: number): tf.Tensor4D {
  const values: number[] = [];
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) values.push(0.5 + 0.4 * Math.sin((x + i) / 3 + k) * Math.cos(y / 4));
  return tf.tensor4d(values, [n, h, w, c]);
}

async function maxDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const [x, y] = await Promise.all([a.data(), b.data()]);
  return Array.from(x).reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
}

async function meanDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const [x, y] = await Promise.all([a.data(), b.data()]);
  return Array.from(x).reduce((m, v, i) => m + Math.abs(v - y[i]!), 0) / x.length;
}

describe('degrade', () => {
  it('down-scales by a factor with MATLAB bicubic (same as imresize(x, 1/scale)) and restores the size', async () => {
    const hr = smooth(2, 12, 16, 3);
    const lr = degrade(hr, { scale: 2 });
    expect(lr.shape).toEqual([2, 6, 8, 3]);
    const direct = imresize(hr, { scale: 0.5 });
    expect(await maxDiff(lr, direct)).toBeLessThan(1e-6);
    const restored = degrade(hr, { scale: 2, restore: true });
    expect(restored.shape).toEqual([2, 12, 16, 3]);
    expect(await maxDiff(restored, hr)).toBeLessThan(0.08);
    const racnn = degrade(hr, { size: [5, 5], restore: [20, 20] });
    expect(racnn.shape).toEqual([2, 20, 20, 3]);
    const values = await racnn.data();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    tf.dispose([hr, lr, direct, restored, racnn]);
  });

  it('rejects bad options and leaks nothing', async () => {
    const hr = smooth(1, 8, 8, 1);
    expect(() => degrade(hr, {})).toThrow(InvalidArgumentError);
    expect(() => degrade(hr, { scale: -2 })).toThrow(/scale/);
    await expectNoTensorLeaks(() => tf.dispose(degrade(hr, { scale: 3, restore: true })), 'degrade');
    hr.dispose();
  });
});

describe('gaussianBlur', () => {
  it('matches a plain-loop blur with mirrored borders', async () => {
    const h = 7;
    const w = 9;
    const sigma = 1.2;
    const radius = 2;
    const img = smooth(1, h, w, 2);
    const src = await img.data();
    const taps = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
    const total = taps.reduce((s, v) => s + v, 0);
    const mirror = (i: number, n: number) => (i < 0 ? -i - 1 : i >= n ? 2 * n - i - 1 : i);
    const expected: number[] = [];
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let c = 0; c < 2; c++) {
          let sum = 0;
          for (let dy = -radius; dy <= radius; dy++)
            for (let dx = -radius; dx <= radius; dx++)
              sum += ((taps[dy + radius]! * taps[dx + radius]!) / (total * total)) * src[(mirror(y + dy, h) * w + mirror(x + dx, w)) * 2 + c]!;
          expected.push(sum);
        }
    const blurred = gaussianBlur(img, { sigma, radius });
    expect(blurred.shape).toEqual([1, h, w, 2]);
    expect(await maxDiff(blurred, tf.tensor(expected))).toBeLessThan(1e-5);
    expect(() => gaussianBlur(img, { sigma: 0 })).toThrow(/sigma/);
    expect(() => gaussianBlur(img, { sigma: 5 })).toThrow(/radius/);
    tf.dispose([img, blurred]);
  });
});

describe('gaussianNoise', () => {
  it('is reproducible per seed, has the requested spread and is clipped to [0,1]', async () => {
    const flat = tf.fill([1, 64, 64, 1], 0.5) as tf.Tensor4D;
    const a = gaussianNoise(flat, { sigma: 0.05, seed: 11 });
    const b = gaussianNoise(flat, { sigma: 0.05, seed: 11 });
    const c = gaussianNoise(flat, { sigma: 0.05, seed: 12 });
    expect(await maxDiff(a, b)).toBe(0);
    expect(await maxDiff(a, c)).toBeGreaterThan(0);
    const { mean, variance } = tf.moments(a);
    expect(mean.dataSync()[0]).toBeCloseTo(0.5, 2);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeCloseTo(0.05, 2);
    const wide = gaussianNoise(flat, { sigma: 1, seed: 1 });
    const values = await wide.data();
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(1);
    tf.dispose([flat, a, b, c, mean, variance, wide]);
  });
});

describe('jpegRecompress', () => {
  it('keeps shape, is near-lossless at quality 100 and lossier at quality 5', async () => {
    for (const channels of [1, 3]) {
      const img = smooth(2, 16, 16, channels);
      const high = await jpegRecompress(img, { quality: 100 });
      const low = await jpegRecompress(img, { quality: 5 });
      expect(high.shape).toEqual([2, 16, 16, channels]);
      const highError = await meanDiff(high, img);
      expect(highError).toBeLessThan(0.02); // 4:2:0 chroma subsampling dominates here
      expect(await meanDiff(low, img)).toBeGreaterThan(2 * highError);
      const full = await jpegRecompress(img, { quality: 100, chromaSubsampling: '4:4:4' });
      expect(await maxDiff(full, img)).toBeLessThan(0.03);
      tf.dispose([img, high, low, full]);
    }
    const img = smooth(1, 8, 8, 1);
    await expect(jpegRecompress(img, { quality: 0 })).rejects.toThrow(/quality/);
    img.dispose();
  });
});

describe('makeLrHrPairs and randomPatches', () => {
  it('mod-crops HR to a multiple of the scale and makes LR by bicubic ×1/scale', async () => {
    const hr = smooth(2, 13, 10, 3);
    const pairs = makeLrHrPairs(hr, { scale: 3 });
    expect(pairs.hr.shape).toEqual([2, 12, 9, 3]);
    expect(pairs.lr.shape).toEqual([2, 4, 3, 3]);
    const expected = imresize(tf.slice(hr, [0, 0, 0, 0], [2, 12, 9, 3]) as tf.Tensor4D, { scale: 1 / 3 });
    expect(await maxDiff(pairs.lr, tf.clipByValue(expected, 0, 1))).toBeLessThan(1e-6);
    expect(() => makeLrHrPairs(hr, { scale: 1.5 })).toThrow(/scale/);
    tf.dispose([hr, pairs.lr, pairs.hr, expected]);
  });

  it('cuts the same region with the same flip/rotation from LR, HR and the weight map', async () => {
    // LR pixel (y, x) of image i encodes i·10000 + y·100 + x; HR pixel (Y, X) encodes the LR pixel it covers
    const n = 3;
    const lh = 6;
    const lw = 5;
    const s = 2;
    const code = (i: number, y: number, x: number) => i * 10000 + y * 100 + x;
    const lrValues: number[] = [];
    for (let i = 0; i < n; i++) for (let y = 0; y < lh; y++) for (let x = 0; x < lw; x++) lrValues.push(code(i, y, x));
    const hrValues: number[] = [];
    for (let i = 0; i < n; i++)
      for (let y = 0; y < lh * s; y++) for (let x = 0; x < lw * s; x++) hrValues.push(code(i, Math.floor(y / s), Math.floor(x / s)));
    const lr = tf.tensor4d(lrValues, [n, lh, lw, 1]);
    const hr = tf.tensor4d(hrValues, [n, lh * s, lw * s, 1]);
    const weights = tf.mul(hr, -1) as tf.Tensor4D;
    const patches = randomPatches({ lr, hr, weights }, { patchSize: 3, count: 40, seed: 7 });
    expect(patches.lr.shape).toEqual([40, 3, 3, 1]);
    expect(patches.hr.shape).toEqual([40, 6, 6, 1]);
    const [pl, ph, pw] = await Promise.all([patches.lr.data(), patches.hr.data(), patches.weights!.data()]);
    const transforms = new Set<string>();
    for (let p = 0; p < 40; p++) {
      for (let y = 0; y < 6; y++)
        for (let x = 0; x < 6; x++) {
          const hrValue = ph[p * 36 + y * 6 + x]!;
          expect(hrValue).toBe(pl[p * 9 + Math.floor(y / 2) * 3 + Math.floor(x / 2)]);
          expect(pw[p * 36 + y * 6 + x]).toBe(-hrValue);
        }
      // record the orientation: where the patch's smallest code sits tells flips/rotations apart
      const patch = Array.from(pl.subarray(p * 9, p * 9 + 9));
      transforms.add(`${patch.indexOf(Math.min(...patch))}-${patch[1]! - patch[0]!}`);
    }
    expect(transforms.size).toBe(8);
    const again = randomPatches({ lr, hr }, { patchSize: 3, count: 40, seed: 7 });
    expect(Array.from(await again.lr.data())).toEqual(Array.from(pl));
    expect(again.weights).toBeUndefined();
    await expectNoTensorLeaks(() => {
      const q = randomPatches({ lr, hr, weights }, { patchSize: 2, count: 5, seed: 1, flip: false, rotate: false });
      tf.dispose([q.lr, q.hr, q.weights!]);
    }, 'randomPatches');
    expect(() => randomPatches({ lr, hr }, { patchSize: 7, count: 1, seed: 1 })).toThrow(/patchSize/);
    tf.dispose([lr, hr, weights, patches.lr, patches.hr, patches.weights!, again.lr, again.hr]);
  });
});

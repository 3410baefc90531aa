import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError, createRng, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { psnr } from './psnr';
import { ssim } from './ssim';

beforeAll(async () => {
  await initBackend('cpu');
});

/** A plain float64 image [H][W][C]. */
type Plane = number[][][];

function toTensor(images: Plane[]): tf.Tensor4D {
  return tf.tensor4d(images.flat(3), [images.length, images[0]!.length, images[0]![0]!.length, images[0]![0]![0]!.length]);
}

// Reference: luma straight from the MATLAB rgb2ycbcr formula.
function referenceY(image: Plane, peak: number): Plane {
  return image.map((row) =>
    row.map(([r, g, b]) => [((16 + (65.481 * r! + 128.553 * g! + 24.966 * b!) / peak) / 255) * peak]),
  );
}

function referenceCrop(image: Plane, border: number): Plane {
  return image.slice(border, image.length - border).map((row) => row.slice(border, row.length - border));
}

function referencePsnr(x: Plane, y: Plane, peak: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < x.length; i += 1) {
    for (let j = 0; j < x[i]!.length; j += 1) {
      for (let c = 0; c < x[i]![j]!.length; c += 1) {
        sum += (x[i]![j]![c]! - y[i]![j]![c]!) ** 2;
        count += 1;
      }
    }
  }
  return 10 * Math.log10((peak * peak) / (sum / count));
}

// Reference SSIM: for every 11×11 window position, weighted statistics straight from the definition.
function referenceSsim(x: Plane, y: Plane, peak: number): number {
  const weights: number[][] = [];
  let total = 0;
  for (let i = 0; i < 11; i += 1) {
    weights.push([]);
    for (let j = 0; j < 11; j += 1) {
      const w = Math.exp(-((i - 5) ** 2 + (j - 5) ** 2) / (2 * 1.5 * 1.5));
      weights[i]!.push(w);
      total += w;
    }
  }
  const c1 = (0.01 * peak) ** 2;
  const c2 = (0.03 * peak) ** 2;
  const channels = x[0]![0]!.length;
  let channelMean = 0;
  for (let c = 0; c < channels; c += 1) {
    let mapSum = 0;
    let positions = 0;
    for (let top = 0; top + 11 <= x.length; top += 1) {
      for (let left = 0; left + 11 <= x[0]!.length; left += 1) {
        let mx = 0;
        let my = 0;
        for (let i = 0; i < 11; i += 1) for (let j = 0; j < 11; j += 1) {
          const w = weights[i]![j]! / total;
          mx += w * x[top + i]![left + j]![c]!;
          my += w * y[top + i]![left + j]![c]!;
        }
        let vx = 0;
        let vy = 0;
        let cov = 0;
        for (let i = 0; i < 11; i += 1) for (let j = 0; j < 11; j += 1) {
          const w = weights[i]![j]! / total;
          const dx = x[top + i]![left + j]![c]! - mx;
          const dy = y[top + i]![left + j]![c]! - my;
          vx += w * dx * dx;
          vy += w * dy * dy;
          cov += w * dx * dy;
        }
        mapSum += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        positions += 1;
      }
    }
    channelMean += mapSum / positions;
  }
  return channelMean / channels;
}

function makeImage(height: number, width: number, channels: number, value: (i: number, j: number, c: number) => number): Plane {
  return Array.from({ length: height }, (_, i) =>
    Array.from({ length: width }, (_, j) => Array.from({ length: channels }, (_, c) => Math.fround(value(i, j, c)))),
  );
}

const rng = createRng(7);
const random = (peak: number) => () => rng.next() * peak;

interface Case {
  name: string;
  x: Plane;
  y: Plane;
  peak: number;
}

function cases(): Case[] {
  const randomX = makeImage(24, 20, 3, random(1));
  const noisy = makeImage(24, 20, 3, (i, j, c) => Math.min(1, Math.max(0, randomX[i]![j]![c]! + (rng.next() - 0.5) * 0.2)));
  const stripes = makeImage(19, 23, 3, (i, j, c) => 127.5 + 100 * Math.sin(j * 0.7 + c) * Math.cos(i * 0.3));
  const blurred = makeImage(19, 23, 3, (i, j, c) => 127.5 + 80 * Math.sin(j * 0.7 + c + 0.2) * Math.cos(i * 0.3));
  const checker = makeImage(17, 17, 3, (i, j, c) => ((i >> 1) + (j >> 1)) % 2 === 0 ? 230 - c * 10 : 20 + c);
  const gradient = makeImage(17, 17, 3, (i, j, c) => i * 12 + j * 2 + c);
  return [
    { name: 'random RGB in [0,1]', x: randomX, y: noisy, peak: 1 },
    { name: 'structured stripes in [0,255]', x: stripes, y: blurred, peak: 255 },
    { name: 'checkerboard vs gradient in [0,255]', x: checker, y: gradient, peak: 255 },
  ];
}

describe('psnr and ssim against a float64 plain-loop reference', () => {
  for (const testCase of cases()) {
    for (const yChannel of [false, true]) {
      for (const cropBorder of [0, 2]) {
        it(`${testCase.name}, yChannel ${yChannel}, cropBorder ${cropBorder}`, () => {
          const prepare = (image: Plane) => {
            const cropped = referenceCrop(image, cropBorder);
            return yChannel ? referenceY(cropped, testCase.peak) : cropped;
          };
          const expectedPsnr = referencePsnr(prepare(testCase.x), prepare(testCase.y), testCase.peak);
          const expectedSsim = referenceSsim(prepare(testCase.x), prepare(testCase.y), testCase.peak);
          const a = toTensor([testCase.x]);
          const b = toTensor([testCase.y]);
          const options = { peak: testCase.peak, cropBorder, yChannel };
          const measuredPsnr = psnr(a, b, options);
          const measuredSsim = ssim(a, b, options);
          expect(Math.abs(measuredPsnr.mean - expectedPsnr)).toBeLessThan(1e-3);
          expect(Math.abs(measuredSsim.mean - expectedSsim)).toBeLessThan(1e-4);
          expect(measuredSsim.mean).toBeLessThan(1);
          tf.dispose([a, b]);
        });
      }
    }
  }

  it('gives per-image values and their mean for a batch, and accepts [H,W,C]', () => {
    const [first, second] = cases();
    const x = makeImage(24, 20, 3, (i, j) => first!.x[i]![j]![0]! * 0.5);
    const a = toTensor([first!.x, x]);
    const b = toTensor([first!.y, first!.y]);
    const batch = ssim(a, b);
    expect(batch.perImage).toHaveLength(2);
    expect(Math.abs(batch.perImage[1]! - referenceSsim(x, first!.y, 1))).toBeLessThan(1e-4);
    expect(batch.mean).toBeCloseTo((batch.perImage[0]! + batch.perImage[1]!) / 2, 12);
    const single = tf.tensor3d(second!.x.flat(2), [19, 23, 3]);
    const other = tf.tensor3d(second!.y.flat(2), [19, 23, 3]);
    expect(psnr(single, other, { peak: 255 }).perImage).toHaveLength(1);
    tf.dispose([a, b, single, other]);
  });
});

describe('known values', () => {
  it('SSIM(x, x) = 1 and PSNR(x, x) = +Infinity, never NaN', () => {
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 3);
    expect(ssim(x, x).perImage.every((value) => Math.abs(value - 1) < 1e-12)).toBe(true);
    expect(psnr(x, x).mean).toBe(Number.POSITIVE_INFINITY);
    const flat = tf.zeros([16, 16, 1]);
    expect(ssim(flat, flat).mean).toBe(1);
    expect(psnr(flat, flat, { peak: 255 }).mean).toBe(Number.POSITIVE_INFINITY);
    tf.dispose([x, flat]);
  });

  it('PSNR of a uniform error e on [0,255] is 20·log10(255/e)', () => {
    const x = tf.tidy(() => tf.round(tf.randomUniform([2, 12, 10, 3], 0, 200, 'float32', 5)));
    for (const e of [1, 3, 17]) {
      const y = tf.add(x, e);
      const value = psnr(x, y, { peak: 255 });
      for (const measured of value.perImage) expect(measured).toBeCloseTo(20 * Math.log10(255 / e), 10);
      y.dispose();
    }
    const asInts = tf.cast(x, 'int32');
    const shifted = tf.add(asInts, tf.scalar(4, 'int32'));
    expect(psnr(asInts, shifted, { peak: 255 }).mean).toBeCloseTo(20 * Math.log10(255 / 4), 10);
    tf.dispose([x, asInts, shifted]);
  });

  it('leaks no tensors over 1,000 measurements', async () => {
    const a = tf.randomUniform([1, 12, 12, 3], 0, 1, 'float32', 1);
    const b = tf.randomUniform([1, 12, 12, 3], 0, 1, 'float32', 2);
    await expectNoTensorLeaks(() => {
      for (let step = 0; step < 1000; step += 1) {
        psnr(a, b, { yChannel: step % 2 === 0, cropBorder: step % 2 });
        ssim(a, b, { yChannel: step % 2 === 1 });
      }
    }, 'psnr/ssim');
    tf.dispose([a, b]);
  });
});

describe('bad input', () => {
  it('throws typed errors naming the argument', () => {
    const a = tf.zeros([1, 16, 16, 3]);
    const b = tf.zeros([1, 16, 15, 3]);
    const gray = tf.zeros([1, 16, 16, 1]);
    const flat = tf.zeros([16, 16]);
    expect(() => psnr(a, b)).toThrow(ShapeMismatchError);
    expect(() => psnr(flat, flat)).toThrow(ShapeMismatchError);
    expect(() => psnr(gray, gray, { yChannel: true })).toThrow(/3 RGB channels/);
    expect(() => psnr(a, a, { peak: 0 })).toThrow(InvalidArgumentError);
    expect(() => psnr(a, a, { cropBorder: 8 })).toThrow(/cropBorder/);
    expect(() => psnr(a, a, { cropBorder: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => ssim(a, a, { cropBorder: 3 })).toThrow(/at least 11×11/);
    tf.dispose([a, b, gray, flat]);
  });
});

import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { padAndRandomCrop, randomDihedral, randomHorizontalFlip, whiten } from './augmentations';
import { dihedral } from './dihedral';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Plain-loop reference of the 8 dihedral transforms of an n×n grid (single channel). */
function referenceDihedral(grid: number[][], k: number): number[][] {
  let out = k >= 4 ? grid.map((row) => [...row].reverse()) : grid.map((row) => [...row]);
  for (let t = 0; t < k % 4; t++) {
    const n = out.length;
    // counter-clockwise quarter turn: new[i][j] = old[j][n-1-i]
    out = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => out[j]![n - 1 - i]!));
  }
  return out;
}

describe('dihedral', () => {
  it('matches plain-loop flips and quarter-turns for all 8 k, on HWC and NHWC', async () => {
    const grid = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    const image = tf.tensor3d(grid.flat(), [3, 3, 1]);
    const batch = tf.expandDims(image, 0) as tf.Tensor4D;
    const seen = new Set<string>();
    for (let k = 0; k < 8; k++) {
      const expected = referenceDihedral(grid, k).flat();
      const single = dihedral(image, k);
      const batched = dihedral(batch, k);
      expect(Array.from(await single.data())).toEqual(expected);
      expect(Array.from(await batched.data())).toEqual(expected);
      seen.add(expected.join());
      tf.dispose([single, batched]);
    }
    expect(seen.size).toBe(8);
    expect(() => dihedral(image, 8)).toThrow(/k/);
    tf.dispose([image, batch]);
  });
});

describe('augmentations', () => {
  const images = tf.tensor4d(
    Array.from({ length: 4 * 4 * 4 }, (_, i) => i + 1),
    [4, 4, 4, 1],
  );

  it('pad-and-crop keeps the size, is reproducible per seed, and shows shifted content', async () => {
    const a = padAndRandomCrop(images, { padding: 2, seed: 3 });
    const b = padAndRandomCrop(images, { padding: 2, seed: 3 });
    expect(a.shape).toEqual([4, 4, 4, 1]);
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    const values = await a.data();
    // every output pixel is zero padding or a pixel of the same source image
    for (let i = 0; i < 4; i++)
      for (let p = 0; p < 16; p++) {
        const v = values[i * 16 + p]!;
        expect(v === 0 || (v > i * 16 && v <= (i + 1) * 16)).toBe(true);
      }
    const none = padAndRandomCrop(images, { padding: 0, seed: 3 });
    expect(Array.from(await none.data())).toEqual(Array.from(await images.data()));
    tf.dispose([a, b, none]);
  });

  it('random flips and dihedral transforms act per image and by seed', async () => {
    const always = randomHorizontalFlip(images, { seed: 1, probability: 1 });
    expect(Array.from((await always.data()).subarray(0, 4))).toEqual([4, 3, 2, 1]);
    const never = randomHorizontalFlip(images, { seed: 1, probability: 0 });
    expect(Array.from(await never.data())).toEqual(Array.from(await images.data()));
    const d1 = randomDihedral(images, { seed: 9 });
    const d2 = randomDihedral(images, { seed: 9 });
    expect(Array.from(await d1.data())).toEqual(Array.from(await d2.data()));
    // each output image is a rearrangement of its own input image
    const out = await d1.data();
    for (let i = 0; i < 4; i++) {
      const sorted = Array.from(out.subarray(i * 16, (i + 1) * 16)).sort((x, y) => x - y);
      expect(sorted).toEqual(Array.from({ length: 16 }, (_, p) => i * 16 + p + 1));
    }
    tf.dispose([always, never, d1, d2]);
  });

  it('whitens each image to mean 0 and standard deviation 1, guarding constant images', async () => {
    const mixed = tf.concat([images.slice(0, 1), tf.fill([1, 4, 4, 1], 0.3)], 0) as tf.Tensor4D;
    const white = whiten(mixed);
    const values = await white.data();
    const first = Array.from(values.subarray(0, 16));
    const mean = first.reduce((s, v) => s + v, 0) / 16;
    const std = Math.sqrt(first.reduce((s, v) => s + (v - mean) ** 2, 0) / 16);
    expect(mean).toBeCloseTo(0, 5);
    expect(std).toBeCloseTo(1, 5);
    expect(Array.from(values.subarray(16))).toEqual(new Array(16).fill(0));
    tf.dispose([mixed, white]);
  });

  it('leaks no tensors', async () => {
    await expectNoTensorLeaks(() => {
      tf.dispose([
        padAndRandomCrop(images, { padding: 1, seed: 1 }),
        randomHorizontalFlip(images, { seed: 1 }),
        randomDihedral(images, { seed: 1 }),
        whiten(images),
      ]);
    }, 'augmentations');
  });
});

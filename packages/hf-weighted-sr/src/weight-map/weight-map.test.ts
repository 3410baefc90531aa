import { createRng, initBackend, InvalidArgumentError, ShapeMismatchError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialWeightMap } from './initial-weight-map';
import { binarizeWeightMap, weightMap } from './weight-map';

beforeAll(async () => {
  await initBackend('cpu');
});

type Shape4 = [number, number, number, number];

/** Straightforward per-pixel loop: first neighbour in the order up, down, left, right with the largest |p − q|. */
function loopInitialMap(data: Float32Array, [batch, height, width, channels]: Shape4): Float32Array {
  const out = new Float32Array(data.length);
  const at = (n: number, y: number, x: number, c: number) => ((n * height + y) * width + x) * channels + c;
  for (let n = 0; n < batch; n++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let c = 0; c < channels; c++) {
          const p = data[at(n, y, x, c)]!;
          const neighbours: number[] = [];
          if (y > 0) neighbours.push(data[at(n, y - 1, x, c)]!);
          if (y < height - 1) neighbours.push(data[at(n, y + 1, x, c)]!);
          if (x > 0) neighbours.push(data[at(n, y, x - 1, c)]!);
          if (x < width - 1) neighbours.push(data[at(n, y, x + 1, c)]!);
          let best = 0;
          let bestMagnitude = -1;
          for (const q of neighbours) {
            const difference = Math.fround(p - q);
            if (Math.abs(difference) > bestMagnitude) {
              best = difference;
              bestMagnitude = Math.abs(difference);
            }
          }
          out[at(n, y, x, c)] = best;
        }
  return out;
}

/** Straightforward per-image loop: min-max normalise, mean and population σ, band test. */
function loopBinaryMap(initial: Float32Array, batch: number, alpha: number): Float32Array {
  const perImage = initial.length / batch;
  const out = new Float32Array(initial.length);
  for (let n = 0; n < batch; n++) {
    const values = initial.subarray(n * perImage, (n + 1) * perImage);
    const minimum = Math.min(...values);
    const maximum = Math.max(...values);
    if (maximum === minimum) {
      out.fill(1, n * perImage, (n + 1) * perImage);
      continue;
    }
    const normalised = Array.from(values, (value) => (value - minimum) / (maximum - minimum));
    const mean = normalised.reduce((sum, value) => sum + value, 0) / perImage;
    const deviation = Math.sqrt(normalised.reduce((sum, value) => sum + (value - mean) ** 2, 0) / perImage);
    normalised.forEach((value, index) => {
      const inside = value > mean - alpha * deviation && value < mean + alpha * deviation;
      out[n * perImage + index] = inside ? 0 : 1;
    });
  }
  return out;
}

/** Seeded image with values k/levels; few levels make ties between neighbours (of both signs) common. */
function randomImage(shape: Shape4, levels: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const size = shape.reduce((product, axis) => product * axis, 1);
  return Float32Array.from({ length: size }, () => Math.floor(rng.next() * (levels + 1)) / levels);
}

const SHAPES: Shape4[] = [
  [2, 5, 6, 1],
  [2, 4, 7, 3],
  [1, 1, 5, 3],
  [1, 6, 1, 1],
  [1, 2, 2, 1],
  [3, 1, 1, 2],
];

describe('initialWeightMap', () => {
  it.each(SHAPES)('equals the plain loop exactly for [%i,%i,%i,%i] (borders, corners, ties, signs)', (...shape) => {
    for (const levels of [2, 4, 255]) {
      const data = randomImage(shape, levels, levels * 31 + shape[1]);
      const map = initialWeightMap(tf.tensor4d(data, shape));
      expect(Array.from(map.dataSync())).toEqual(Array.from(loopInitialMap(data, shape)));
      map.dispose();
    }
  });

  it('matches hand-computed values on a 3×3 image', () => {
    // 1 2 0
    // 4 4 9
    // 4 1 1
    const image = tf.tensor3d([1, 2, 0, 4, 4, 9, 4, 1, 1], [3, 3, 1]);
    const map = initialWeightMap(image);
    // (0,0): down 1−4=−3, right 1−2=−1 → −3.  (0,1): down 2−4=−2, left 2−1=1, right 2−0=2: the tie
    // |−2| = |2| goes to "down" (earlier) → −2.  (1,1): up 4−2=2, down 4−1=3, left 0, right 4−9=−5 → −5.
    // (1,2): up 9−0=9, down 9−1=8, left 9−4=5 → 9.  (2,1): up 1−4=−3, left 1−4=−3, right 0 → −3.
    // (2,2): up 1−9=−8, left 0 → −8.  (2,0): up 0, right 4−1=3 → 3.
    expect(map.shape).toEqual([3, 3, 1]);
    expect(Array.from(map.dataSync())).toEqual([-3, -2, -9, 3, -5, 9, 3, -3, -8]);
    tf.dispose([image, map]);
  });

  it('gives 0 for a 1×1 image and converts int32 input', () => {
    const single = initialWeightMap(tf.tensor3d([0.7], [1, 1, 1]));
    expect(Array.from(single.dataSync())).toEqual([0]);
    const integer = initialWeightMap(tf.tensor3d([10, 250], [1, 2, 1], 'int32'));
    expect(integer.dtype).toBe('float32');
    expect(Array.from(integer.dataSync())).toEqual([-240, 240]);
    tf.dispose([single, integer]);
  });
});

describe('weightMap', () => {
  it.each(SHAPES.slice(0, 3))('equals the plain loop for [%i,%i,%i,%i] at several α', (...shape) => {
    const data = randomImage(shape, 255, 100 + shape[3]);
    const image = tf.tensor4d(data, shape);
    const initial = loopInitialMap(data, shape);
    for (const alpha of [0, 1 / 7, 1 / 5, 1 / 3, 1]) {
      const map = weightMap(image, { alpha });
      expect(Array.from(map.dataSync())).toEqual(Array.from(loopBinaryMap(initial, shape[0], alpha)));
      map.dispose();
    }
    image.dispose();
  });

  it('uses per-image statistics in a batch', () => {
    const shape: Shape4 = [3, 6, 5, 3];
    const data = randomImage(shape, 255, 7);
    // Image 1 is image 0 with a much smaller contrast; image 2 is constant.
    const perImage = 6 * 5 * 3;
    for (let index = 0; index < perImage; index++) {
      data[perImage + index] = Math.fround(0.25 + data[index]! / 8);
      data[2 * perImage + index] = 0.4;
    }
    const batch = tf.tensor4d(data, shape);
    const map = weightMap(batch, { alpha: 1 / 4 });
    const values = map.dataSync();
    for (let n = 0; n < 3; n++) {
      const single = tf.tidy(() => weightMap(batch.slice([n, 0, 0, 0], [1, 6, 5, 3]).squeeze([0]) as tf.Tensor3D, { alpha: 1 / 4 }));
      expect(Array.from(values.subarray(n * perImage, (n + 1) * perImage))).toEqual(Array.from(single.dataSync()));
      single.dispose();
    }
    expect(Array.from(values.subarray(2 * perImage))).toEqual(new Array(perImage).fill(1));
    tf.dispose([batch, map]);
  });

  it('gives all ones for a constant image, never NaN', () => {
    const map = weightMap(tf.fill([2, 4, 4, 3], 0.3) as tf.Tensor4D, { alpha: 1 / 3 });
    expect(Array.from(map.dataSync())).toEqual(new Array(2 * 4 * 4 * 3).fill(1));
    map.dispose();
  });

  it('selects fewer pixels as α grows; α = 0 selects all', () => {
    const shape: Shape4 = [1, 16, 16, 3];
    const image = tf.tensor4d(randomImage(shape, 255, 3), shape);
    const shares = [0, 1 / 7, 1 / 5, 1 / 3, 1].map((alpha) =>
      tf.tidy(() => weightMap(image, { alpha }).mean().dataSync()[0]!),
    );
    expect(shares[0]).toBe(1);
    for (let index = 1; index < shares.length; index++) expect(shares[index]!).toBeLessThanOrEqual(shares[index - 1]!);
    expect(shares[4]!).toBeLessThan(shares[1]!);
    expect(shares[4]!).toBeGreaterThan(0);
    image.dispose();
  });

  it('counts values exactly at μ ± ασ as selected', () => {
    // Normalised values 0, 1 and six times 0.5: μ = 0.5, σ = 0.25, so α = 2 puts 0 and 1 exactly on the band edges.
    const initial = tf.tensor3d([0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1], [2, 4, 1]);
    const onEdges = binarizeWeightMap(initial, { alpha: 2 });
    expect(Array.from(onEdges.dataSync())).toEqual([1, 0, 0, 0, 0, 0, 0, 1]);
    const wider = binarizeWeightMap(initial, { alpha: 2.01 });
    expect(Array.from(wider.dataSync())).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    tf.dispose([initial, onEdges, wider]);
  });

  it('leaks no tensors and returns the input rank', async () => {
    const image = tf.randomUniform([5, 7, 3], 0, 1, 'float32', 1) as tf.Tensor3D;
    await expectNoTensorLeaks(() => {
      const map = weightMap(image, { alpha: 1 / 5 });
      expect(map.shape).toEqual([5, 7, 3]);
      map.dispose();
    }, 'weightMap');
    image.dispose();
  });

  it('rejects bad inputs with typed errors', () => {
    const flat = tf.zeros([4, 4]);
    const image = tf.zeros([4, 4, 1]) as tf.Tensor3D;
    expect(() => initialWeightMap(flat as tf.Tensor3D)).toThrow(ShapeMismatchError);
    expect(() => weightMap(image, { alpha: -0.1 })).toThrow(InvalidArgumentError);
    expect(() => weightMap(image, { alpha: Number.NaN })).toThrow(/alpha/);
    expect(() => weightMap(image, undefined as unknown as { alpha: number })).toThrow(/alpha/);
    expect(() => initialWeightMap(tf.zeros([0, 4, 1]) as tf.Tensor3D)).toThrow(ShapeMismatchError);
    tf.dispose([flat, image]);
  });
});

import { imresize, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bicubicSr } from './bicubic-sr';
import { identitySr } from './identity-sr';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Plain-loop cubic convolution (Keys, a = −0.5) with mirrored borders, for enlarging by an integer factor. */
function referenceUpscale(pixels: number[][], scale: number): number[][] {
  const cubic = (x: number): number => {
    const t = Math.abs(x);
    if (t <= 1) return 1.5 * t ** 3 - 2.5 * t ** 2 + 1;
    if (t < 2) return -0.5 * t ** 3 + 2.5 * t ** 2 - 4 * t + 2;
    return 0;
  };
  const mirror = (index: number, length: number): number => {
    let i = index;
    while (i < 0 || i >= length) i = i < 0 ? -i - 1 : 2 * length - i - 1;
    return i;
  };
  const weightsFor = (outIndex: number, length: number): Map<number, number> => {
    const center = (outIndex + 0.5) / scale - 0.5;
    const first = Math.floor(center) - 1;
    const raw: [number, number][] = [];
    for (let k = 0; k < 4; k++) raw.push([first + k, cubic(center - (first + k))]);
    const total = raw.reduce((sum, [, w]) => sum + w, 0);
    const folded = new Map<number, number>();
    for (const [index, w] of raw) {
      const m = mirror(index, length);
      folded.set(m, (folded.get(m) ?? 0) + w / total);
    }
    return folded;
  };
  const height = pixels.length;
  const width = pixels[0]!.length;
  const out: number[][] = [];
  for (let y = 0; y < height * scale; y++) {
    const row: number[] = [];
    for (let x = 0; x < width * scale; x++) {
      let value = 0;
      for (const [sy, wy] of weightsFor(y, height)) for (const [sx, wx] of weightsFor(x, width)) value += wy * wx * pixels[sy]![sx]!;
      row.push(value);
    }
    out.push(row);
  }
  return out;
}

describe('bicubic front end', () => {
  it('has no parameters and doubles the size', () => {
    const model = bicubicSr({ scale: 2 }).build({ height: 5, width: 7, channels: 3 });
    expect(model.countParams()).toBe(0);
    expect(model.outputs[0]!.shape).toEqual([null, 10, 14, 3]);
  });

  it('matches a plain-loop cubic convolution reference', () => {
    const pixels = [
      [0.1, 0.9, 0.3, 0.5],
      [0.7, 0.2, 0.8, 0.0],
      [0.4, 0.6, 0.1, 1.0],
    ];
    const model = bicubicSr({ scale: 2 }).build({ height: 3, width: 4, channels: 1 });
    const output = tf.tidy(() => (model.predict(tf.tensor4d(pixels.flat(), [1, 3, 4, 1])) as tf.Tensor).arraySync()) as number[][][][];
    const expected = referenceUpscale(pixels, 2);
    expected.forEach((row, y) => {
      row.forEach((value, x) => {
        expect(output[0]![y]![x]![0]).toBeCloseTo(value, 5);
      });
    });
  });

  it('agrees with core imresize on a multi-channel batch and keeps constants constant', async () => {
    const model = bicubicSr({ scale: 3 }).build({ height: 4, width: 5, channels: 2 });
    await expectNoTensorLeaks(() =>
      tf.tidy(() => {
        const image = tf.randomUniform([2, 4, 5, 2], 0, 1, 'float32', 7) as tf.Tensor4D;
        const ours = model.predict(image) as tf.Tensor;
        const reference = imresize(image, { scale: 3 });
        expect(tf.max(tf.abs(ours.sub(reference))).dataSync()[0]).toBeLessThan(1e-5);
        const constant = model.predict(tf.fill([1, 4, 5, 2], 0.25)) as tf.Tensor;
        expect(tf.max(tf.abs(constant.sub(0.25))).dataSync()[0]).toBeLessThan(1e-6);
      }),
    );
  });

  it("'none' is the identity with no parameters", () => {
    const model = identitySr.build({ height: 3, width: 3, channels: 1 });
    expect(model.countParams()).toBe(0);
    const values = tf.tidy(() => Array.from((model.predict(tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1])) as tf.Tensor).dataSync()));
    expect(values).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects a non-integer scale', () => {
    expect(() => bicubicSr({ scale: 1.5 })).toThrow(/scale/);
  });
});

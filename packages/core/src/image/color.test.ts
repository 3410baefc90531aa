import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { InvalidArgumentError, ShapeMismatchError } from '../errors';
import { expectNoTensorLeaks } from '../testing/leaks';
import { rgbToY, rgbToYCbCr } from './color';

/** Plain-loop MATLAB rgb2ycbcr for one pixel with components in [0,1], output in [0,255]. */
function reference([r, g, b]: [number, number, number]): [number, number, number] {
  return [
    16 + 65.481 * r + 128.553 * g + 24.966 * b,
    128 - 37.797 * r - 74.203 * g + 112 * b,
    128 + 112 * r - 93.786 * g - 18.214 * b,
  ];
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('rgbToYCbCr', () => {
  it('maps white, black and pure red to the known BT.601 values (peak 1)', async () => {
    const img = tf.tensor2d([1, 1, 1, 0, 0, 0, 1, 0, 0], [3, 3]);
    const converted = rgbToYCbCr(img);
    const out = await converted.data();
    const expected = [235, 128, 128, 16, 128, 128, 81.481, 90.203, 240].map((v) => v / 255);
    out.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 6);
    });
    tf.dispose([img, converted]);
  });

  it('agrees with a plain loop on random pixels, at peak 1 and peak 255', async () => {
    const pixels: Array<[number, number, number]> = Array.from({ length: 20 }, (_, i) => [
      ((i * 37) % 101) / 100,
      ((i * 53) % 97) / 96,
      ((i * 71) % 89) / 88,
    ]);
    const img = tf.tensor4d(pixels.flat(), [1, 4, 5, 3]);
    const img255 = tf.mul(img, 255);
    const outputs = [rgbToYCbCr(img), rgbToYCbCr(img255, { peak: 255 }), rgbToY(img)];
    const [ycc, ycc255, y] = await Promise.all(outputs.map((t) => t.data()));
    expect(outputs[2]!.shape).toEqual([1, 4, 5, 1]);
    pixels.forEach((p, i) => {
      const ref = reference(p);
      for (let c = 0; c < 3; c++) {
        expect(ycc![i * 3 + c]).toBeCloseTo(ref[c]! / 255, 5);
        expect(ycc255![i * 3 + c]).toBeCloseTo(ref[c]!, 3);
      }
      expect(y![i]).toBeCloseTo(ref[0] / 255, 5);
    });
    tf.dispose([img, img255, ...outputs]);
  });

  it('rejects non-RGB shapes, int tensors and bad peaks; leaks nothing', async () => {
    const gray = tf.zeros([2, 2, 1]);
    const ints = tf.zeros([2, 2, 3], 'int32');
    const rgb = tf.zeros([2, 2, 3]);
    expect(() => rgbToYCbCr(gray)).toThrow(ShapeMismatchError);
    expect(() => rgbToY(ints)).toThrow(InvalidArgumentError);
    expect(() => rgbToY(rgb, { peak: 0 })).toThrow(/peak/);
    await expectNoTensorLeaks(() => {
      tf.dispose([rgbToYCbCr(rgb), rgbToY(rgb, { peak: 255 })]);
    }, 'color conversion');
    tf.dispose([gray, ints, rgb]);
  });
});

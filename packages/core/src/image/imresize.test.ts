import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { InvalidArgumentError, ShapeMismatchError } from '../errors';
import { createRng } from '../rng';
import { expectNoTensorLeaks } from '../testing/leaks';
import { imresize } from './imresize';
import { imresizePixels } from './imresize-pixels';
import { resizeMatrix } from './resize-weights';

// ---- Independent reference: MATLAB's imresize.m transcribed literally, 1-based, plain arrays. ----
function keys(x: number): number {
  const a = Math.abs(x);
  return (1.5 * a ** 3 - 2.5 * a ** 2 + 1) * (a <= 1 ? 1 : 0) + (-0.5 * a ** 3 + 2.5 * a ** 2 - 4 * a + 2) * (a > 1 && a <= 2 ? 1 : 0);
}

function referenceMatrix(inLength: number, outLength: number, scale: number, antialias = true): number[][] {
  const h = scale < 1 && antialias ? (x: number) => scale * keys(scale * x) : keys;
  const kernelWidth = scale < 1 && antialias ? 4 / scale : 4;
  const aux: number[] = [];
  for (let i = 1; i <= inLength; i++) aux.push(i);
  for (let i = inLength; i >= 1; i--) aux.push(i);
  const m: number[][] = [];
  for (let x = 1; x <= outLength; x++) {
    const u = x / scale + 0.5 * (1 - 1 / scale);
    const left = Math.floor(u - kernelWidth / 2);
    const p = Math.ceil(kernelWidth) + 2;
    const idx = Array.from({ length: p }, (_, k) => left + k);
    const w = idx.map((i) => h(u - i));
    const total = w.reduce((s, v) => s + v, 0);
    const row = new Array<number>(inLength).fill(0);
    idx.forEach((i, k) => {
      const len = aux.length;
      const folded = aux[(((i - 1) % len) + len) % len]!;
      row[folded - 1]! += w[k]! / total;
    });
    m.push(row);
  }
  return m;
}

/** Reference resize of one H×W×C image (nested plain arrays), MATLAB pass order and uint8 rounding. */
function referenceResize(
  img: number[][][],
  outH: number,
  outW: number,
  scaleH: number,
  scaleW: number,
  uint8: boolean,
): number[][][] {
  const round = (v: number) => (uint8 ? Math.min(255, Math.max(0, Math.round(v))) : v);
  const alongRows = (src: number[][][]) => {
    const m = referenceMatrix(src.length, outH, scaleH);
    return m.map((row) =>
      src[0]!.map((_, j) => src[0]![0]!.map((_, c) => round(row.reduce((s, w, i) => s + w * src[i]![j]![c]!, 0)))),
    );
  };
  const alongCols = (src: number[][][]) => {
    const m = referenceMatrix(src[0]!.length, outW, scaleW);
    return src.map((line) =>
      m.map((row) => line[0]!.map((_, c) => round(row.reduce((s, w, j) => s + w * line[j]![c]!, 0)))),
    );
  };
  return scaleW < scaleH ? alongRows(alongCols(img)) : alongCols(alongRows(img));
}

function randomImage(h: number, w: number, c: number, seed: number, uint8: boolean): number[][][] {
  const rng = createRng(seed);
  return Array.from({ length: h }, () =>
    Array.from({ length: w }, () => Array.from({ length: c }, () => (uint8 ? rng.int(256) : rng.next()))),
  );
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('resizeMatrix', () => {
  it('has the hand-derived MATLAB weights for ×1/2 (antialiased) at the border and interior', () => {
    const m = resizeMatrix(16, 8, 0.5);
    const row0 = Array.from(m.subarray(0, 16));
    // taps at 1-based inputs -2..5 = [-0.01171875,-0.03515625,0.11328125,0.43359375,0.43359375,0.11328125,-0.03515625,-0.01171875]
    // mirrored: -2→3, -1→2, 0→1
    expect(row0.slice(0, 6)).toEqual([0.546875, 0.3984375, 0.1015625, -0.03515625, -0.01171875, 0]);
    const row2 = Array.from(m.subarray(2 * 16, 3 * 16));
    expect(row2.slice(0, 10)).toEqual([
      0, -0.01171875, -0.03515625, 0.11328125, 0.43359375, 0.43359375, 0.11328125, -0.03515625, -0.01171875, 0,
    ]);
  });

  it('has the classic [-0.0234375, 0.2265625, 0.8671875, -0.0703125] taps for ×2', () => {
    const m = resizeMatrix(8, 16, 2);
    expect(Array.from(m.subarray(4 * 8, 4 * 8 + 5))).toEqual([-0.0234375, 0.2265625, 0.8671875, -0.0703125, 0]);
    // output 3 (1-based) reads inputs 0..3; input 0 mirrors onto input 1
    expect(Array.from(m.subarray(2 * 8, 2 * 8 + 4))).toEqual([0.203125, 0.8671875, -0.0703125, 0]);
  });

  it('matches the transcribed MATLAB contributions for ×1/2, ×1/3, ×1/4, ×2 on 4…16 pixels', () => {
    for (const scale of [0.5, 1 / 3, 0.25, 2]) {
      for (let n = 4; n <= 16; n++) {
        const out = Math.ceil(scale * n);
        for (const antialias of [true, false]) {
          const ours = resizeMatrix(n, out, scale, antialias);
          const ref = referenceMatrix(n, out, scale, antialias).flat();
          expect(maxAbsDiff(ours, ref)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('has rows that sum to 1', () => {
    for (const [n, out, scale] of [
      [16, 8, 0.5],
      [15, 5, 1 / 3],
      [7, 23, 23 / 7],
      [227, 50, 50 / 227],
      [5, 2, 0.4],
    ] as const) {
      const m = resizeMatrix(n, out, scale);
      for (let r = 0; r < out; r++) {
        const sum = m.subarray(r * n, (r + 1) * n).reduce((s, v) => s + v, 0);
        expect(sum).toBeCloseTo(1, 12);
      }
    }
  });

  it('rejects bad lengths and scales with a typed error naming the argument', () => {
    expect(() => resizeMatrix(0, 2, 1)).toThrow(InvalidArgumentError);
    expect(() => resizeMatrix(4, 2.5, 1)).toThrow(/outLength/);
    expect(() => resizeMatrix(4, 2, -1)).toThrow(/scale/);
    expect(() => resizeMatrix(4, 2, Number.NaN)).toThrow(/scale/);
  });
});

describe('imresize', () => {
  const cases: Array<[number, number, number]> = [
    [16, 16, 0.5],
    [12, 9, 1 / 3],
    [16, 12, 0.25],
    [4, 6, 2],
    [7, 5, 0.5],
  ];

  it('matches the MATLAB reference on float images to 1e-6 (batch of 2, 3 channels)', async () => {
    for (const [h, w, scale] of cases) {
      const images = [randomImage(h, w, 3, h * 31 + w, false), randomImage(h, w, 3, h * 37 + w, false)];
      const input = tf.tensor4d(images.flat(3), [2, h, w, 3]);
      const out = imresize(input, { scale });
      expect(out.dtype).toBe('float32');
      expect(out.shape).toEqual([2, Math.ceil(scale * h), Math.ceil(scale * w), 3]);
      const expected = images.map((img) => referenceResize(img, out.shape[1], out.shape[2], scale, scale, false)).flat(3);
      expect(maxAbsDiff(await out.data(), expected)).toBeLessThan(1e-6);
      tf.dispose([input, out]);
    }
  });

  it('matches the reference exactly after uint8 rounding for int32 input, per-pass like MATLAB', async () => {
    for (const [h, w, scale] of cases) {
      const img = randomImage(h, w, 3, h + w * 7, true);
      const input = tf.tensor3d(img.flat(2), [h, w, 3], 'int32');
      const out = imresize(input, { scale });
      expect(out.dtype).toBe('int32');
      const expected = referenceResize(img, out.shape[0], out.shape[1], scale, scale, true).flat(2);
      expect(Array.from(await out.data())).toEqual(expected);
      const plain = imresizePixels(Uint8Array.from(img.flat(2)), { height: h, width: w, channels: 3 }, { scale });
      expect(Array.from(plain.pixels)).toEqual(expected);
      tf.dispose([input, out]);
    }
  });

  it('resizes to an explicit size with per-axis scales, smaller-scale axis first', async () => {
    const img = randomImage(10, 20, 1, 5, true);
    const input = tf.tensor3d(img.flat(2), [10, 20, 1], 'int32');
    // width scale 0.25 < height scale 0.7 → MATLAB resizes the width first
    const out = imresize(input, { size: [7, 5] });
    expect(out.shape).toEqual([7, 5, 1]);
    expect(Array.from(await out.data())).toEqual(referenceResize(img, 7, 5, 0.7, 0.25, true).flat(2));
    const floatOut = imresize(tf.cast(input, 'float32') as tf.Tensor3D, { size: [7, 5] });
    const expected = referenceResize(img, 7, 5, 0.7, 0.25, false).flat(2);
    expect(maxAbsDiff(await floatOut.data(), expected)).toBeLessThan(1e-4);
    tf.dispose([input, out, floatOut]);
  });

  it('keeps float results unclipped, as MATLAB does on doubles', async () => {
    const step = tf.tensor3d([0, 0, 1, 1, 0, 0, 1, 1], [1, 8, 1]);
    const up = imresize(step, { size: [1, 16] });
    const values = await up.data();
    expect(Math.min(...values)).toBeLessThan(0);
    expect(Math.max(...values)).toBeGreaterThan(1);
    tf.dispose([step, up]);
  });

  it('returns close to a smooth image after up- then down-scaling', async () => {
    const h = 16;
    const w = 16;
    const values: number[] = [];
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) values.push(0.5 + 0.4 * Math.sin(x / 3) * Math.cos(y / 4));
    const img = tf.tensor3d(values, [h, w, 1]);
    const up = imresize(img, { scale: 2 });
    const back = imresize(up, { scale: 0.5 });
    expect(back.shape).toEqual([h, w, 1]);
    const interior: number[] = [];
    const data = await back.data();
    for (let y = 2; y < h - 2; y++) for (let x = 2; x < w - 2; x++) interior.push(Math.abs(data[y * w + x]! - values[y * w + x]!));
    expect(Math.max(...interior)).toBeLessThan(0.01);
    tf.dispose([img, up, back]);
  });

  it('is differentiable: the gradient of sum(out) is the product of the matrices column sums', async () => {
    const x = tf.ones([1, 6, 8, 1]) as tf.Tensor4D;
    const grad = tf.grad((input: tf.Tensor) => tf.sum(imresize(input as tf.Tensor4D, { scale: 0.5 })))(x);
    const mh = resizeMatrix(6, 3, 0.5);
    const mw = resizeMatrix(8, 4, 0.5);
    const colSum = (m: Float64Array, rows: number, cols: number) =>
      Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => m[i * cols + j]!).reduce((s, v) => s + v, 0));
    const gh = colSum(mh, 3, 6);
    const gw = colSum(mw, 4, 8);
    const expected = gh.flatMap((a) => gw.map((b) => a * b));
    expect(maxAbsDiff(await grad.data(), expected)).toBeLessThan(1e-5);
    tf.dispose([x, grad]);
  });

  it('rejects bad arguments with typed errors', () => {
    const img = tf.zeros([4, 4, 1]) as tf.Tensor3D;
    expect(() => imresize(img, {})).toThrow(InvalidArgumentError);
    expect(() => imresize(img, { scale: 2, size: [2, 2] })).toThrow(/exactly one/);
    expect(() => imresize(img, { scale: 0 })).toThrow(/scale/);
    expect(() => imresize(img, { size: [2, 0] })).toThrow(/size\[1\]/);
    expect(() => imresize(img, { scale: 2, method: 'bilinear' as 'bicubic' })).toThrow(/method/);
    const flat = tf.zeros([4, 4]);
    expect(() => imresize(flat as unknown as tf.Tensor3D, { scale: 2 })).toThrow(ShapeMismatchError);
    const big = tf.tensor3d([300, 0, 0, 0], [2, 2, 1], 'int32');
    expect(() => imresize(big, { scale: 2 })).toThrow(/uint8 values/);
    expect(() => imresizePixels(new Uint8Array(5), { height: 2, width: 2, channels: 1 }, { scale: 2 })).toThrow(/pixels/);
    tf.dispose([img, flat, big]);
  });

  it('leaks no tensors, including when it throws', async () => {
    const img = tf.randomUniform([2, 12, 12, 3]) as tf.Tensor4D;
    const ints = tf.tensor3d([1, 2, 3, 4], [2, 2, 1], 'int32');
    await expectNoTensorLeaks(() => {
      tf.dispose(imresize(img, { scale: 0.5 }));
      tf.dispose(imresize(ints, { scale: 3 }));
      const first = tf.tidy(() => tf.squeeze(img.slice(0, 1), [0])) as tf.Tensor3D;
      tf.dispose([first, imresize(first, { size: [12, 12] })]);
      try {
        imresize(img, { scale: -1 });
      } catch {
        // expected
      }
    }, 'imresize');
    tf.dispose([img, ints]);
  });
});

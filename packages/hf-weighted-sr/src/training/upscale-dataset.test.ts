import { initBackend, InvalidArgumentError, ShapeMismatchError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { wdsrA } from '../model/wdsr-a';
import { upscaleDataset } from './upscale-dataset';

beforeAll(async () => {
  await initBackend('cpu');
});

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let largest = 0;
  for (let index = 0; index < a.length; index++) largest = Math.max(largest, Math.abs(a[index]! - b[index]!));
  return largest;
}

describe('upscaleDataset', () => {
  it('stitches overlapping tiles into exactly the whole-image result (no seams) and leaks nothing', async () => {
    // One block: receptive-field radius 1 (head) + 2 (block) + 1 (tail) = 4 LR pixels, so overlap 8 suffices.
    const model = wdsrA({ blocks: 1, features: 4, expansion: 2, seed: 3 }).buildAnySize(3);
    const images = tf.randomUniform([2, 20, 23, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const whole = tf.tidy(() => model.predict(images) as tf.Tensor);
    const progress: number[] = [];
    const tiled = await expectNoTensorLeaks(
      () => upscaleDataset(model, images, { tileSize: 12, overlap: 8, batch: 3, onProgress: (done) => void progress.push(done) }),
      'upscaleDataset',
    );
    expect([tiled.count, tiled.height, tiled.width, tiled.channels]).toEqual([2, 40, 46, 3]);
    expect(maxDifference(tiled.data, whole.dataSync())).toBeLessThan(1e-5);
    // 3 row tiles × 4 column tiles × 2 images = 24 tiles in batches of 3.
    expect(progress).toEqual([3, 6, 9, 12, 15, 18, 21, 24]);
    tf.dispose([images, whole]);
    model.dispose();
  });

  it('without overlap still covers every pixel with the tile predictions (fixed-size model)', async () => {
    const model = wdsrA({ blocks: 1, features: 4, seed: 2 }).build({ height: 8, width: 8, channels: 1 });
    const images = tf.randomUniform([1, 13, 8, 1], 0, 1, 'float32', 6) as tf.Tensor4D;
    const result = await upscaleDataset(model, images);
    expect([result.height, result.width]).toEqual([26, 16]);
    // Tiles start at input rows 0 and 5 (the last aligned with the end); the cut lies mid-overlap at row 6.
    const [top, bottom] = tf.tidy(() => [
      model.predict(images.slice([0, 0, 0, 0], [1, 8, 8, 1])) as tf.Tensor,
      model.predict(images.slice([0, 5, 0, 0], [1, 8, 8, 1])) as tf.Tensor,
    ]);
    expect(Array.from(result.data.subarray(0, 12 * 16))).toEqual(Array.from(top!.dataSync().subarray(0, 12 * 16)));
    expect(Array.from(result.data.subarray(12 * 16))).toEqual(Array.from(bottom!.dataSync().subarray(2 * 16)));
    tf.dispose([images, top!, bottom!]);
    model.dispose();
  });

  it('reads Uint8Array datasets as value/255 and writes uint8 as round(255·clip(x))', async () => {
    const model = wdsrA({ blocks: 1, features: 4, seed: 8 }).buildAnySize(1);
    const bytes = Uint8Array.from({ length: 2 * 5 * 6 }, (_, index) => (index * 37) % 256);
    const floats = Float32Array.from(bytes, (value) => value / 255);
    const dataset = { count: 2, height: 5, width: 6, channels: 1 };
    const fromBytes = await upscaleDataset(model, { ...dataset, data: bytes });
    const fromFloats = await upscaleDataset(model, { ...dataset, data: floats });
    expect(maxDifference(fromBytes.data, fromFloats.data)).toBeLessThan(1e-6);
    const quantised = await upscaleDataset(model, { ...dataset, data: floats }, { output: 'uint8' });
    expect(quantised.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(quantised.data)).toEqual(Array.from(fromFloats.data, (value) => Math.round(Math.min(1, Math.max(0, value)) * 255)));
    const clipped = await upscaleDataset(model, { ...dataset, data: floats }, { clip: true });
    expect(Math.min(...clipped.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...clipped.data)).toBeLessThanOrEqual(1);
    model.dispose();
  });

  it('rejects sizes the model cannot take and inconsistent datasets', async () => {
    const fixed = wdsrA({ blocks: 1, features: 4 }).build({ height: 8, width: 8, channels: 1 });
    const small = tf.zeros([1, 6, 9, 1]) as tf.Tensor4D;
    const large = tf.zeros([1, 9, 9, 1]) as tf.Tensor4D;
    await expect(upscaleDataset(fixed, small)).rejects.toThrow(ShapeMismatchError);
    await expect(upscaleDataset(fixed, large, { tileSize: 6 })).rejects.toThrow(InvalidArgumentError);
    const rgb = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
    await expect(upscaleDataset(fixed, rgb)).rejects.toThrow(/channels/);
    const bad = { data: new Float32Array(10), count: 1, height: 8, width: 8, channels: 1 };
    await expect(upscaleDataset(fixed, bad)).rejects.toThrow(/images\.data/);
    // int32 bytes would otherwise be read as [0,1] floats, 255 times too bright
    const bytes = tf.fill([1, 8, 8, 1], 200, 'int32') as tf.Tensor4D;
    await expect(upscaleDataset(fixed, bytes)).rejects.toThrow(InvalidArgumentError);
    tf.dispose([small, large, rgb, bytes]);
    fixed.dispose();
  });
});

import { InvalidArgumentError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ByteImageDataset } from '../images/image-dataset';
import { batches } from './batches';
import { arraySource } from './image-source';
import { epochOrder } from './shuffle';
import { stratifiedSplit } from './stratified-split';

function fixture(count: number): ByteImageDataset {
  const images = new Uint8Array(count * 2 * 3);
  // image i is filled with value i % 256 so batches can be traced back to indices
  for (let i = 0; i < count; i++) images.fill(i % 256, i * 6, (i + 1) * 6);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 5);
  return { images, labels, count, height: 2, width: 3, channels: 1 };
}

beforeAll(async () => {
  await initBackend('cpu');
});

async function collect(iterator: AsyncIterable<{ xs: tf.Tensor4D; ys: tf.Tensor2D; indices: Int32Array }>) {
  const out: Array<{ xs: number[]; ys: number[]; indices: number[]; shape: number[] }> = [];
  for await (const batch of iterator) {
    out.push({ xs: Array.from(await batch.xs.data()), ys: Array.from(await batch.ys.data()), indices: Array.from(batch.indices), shape: batch.xs.shape });
    tf.dispose([batch.xs, batch.ys]);
  }
  return out;
}

describe('batches', () => {
  const source = arraySource(fixture(23));

  it('yields float images in [0,1] and one-hot labels matching the source, in order without a seed', async () => {
    const got = await collect(batches(source, { batchSize: 10, classes: 5 }));
    expect(got.map((b) => b.shape)).toEqual([
      [10, 2, 3, 1],
      [10, 2, 3, 1],
      [3, 2, 3, 1],
    ]);
    expect(got.flatMap((b) => b.indices)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    const last = got[2]!;
    expect(last.xs.slice(0, 6)).toEqual(new Array(6).fill(Math.fround(20 / 255)));
    expect(last.ys.slice(0, 5)).toEqual([1, 0, 0, 0, 0]); // image 20 has label 0
  });

  it('gives identical batches for the same seed and epoch, different ones otherwise', async () => {
    const a = await collect(batches(source, { batchSize: 8, classes: 5, seed: 3 }));
    const b = await collect(batches(source, { batchSize: 8, classes: 5, seed: 3 }));
    const c = await collect(batches(source, { batchSize: 8, classes: 5, seed: 4 }));
    const d = await collect(batches(source, { batchSize: 8, classes: 5, seed: 3, epoch: 1 }));
    expect(b).toEqual(a);
    expect(c.flatMap((x) => x.indices)).not.toEqual(a.flatMap((x) => x.indices));
    expect(d.flatMap((x) => x.indices)).not.toEqual(a.flatMap((x) => x.indices));
    expect([...a.flatMap((x) => x.indices)].sort((x, y) => x - y)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    // each image's pixels and label follow it through the shuffle
    for (const batch of a) {
      batch.indices.forEach((index, i) => {
        expect(batch.xs[i * 6]).toBeCloseTo(index / 255, 6);
        expect(batch.ys.slice(i * 5, i * 5 + 5).indexOf(1)).toBe(index % 5);
      });
    }
  });

  it('supports index labels, a subset of indices and dropping the remainder', async () => {
    const got = await collect(batches(source, { batchSize: 2, classes: 5, indices: [4, 9, 13], labels: 'index', dropRemainder: true }));
    expect(got).toHaveLength(1);
    expect(got[0]!.ys).toEqual([4, 4]);
    expect(got[0]!.indices).toEqual([4, 9]);
  });

  it('leaks no tensors across a full epoch, nor when the consumer stops early', async () => {
    const big = arraySource(fixture(1000));
    await expectNoTensorLeaks(async () => {
      let seen = 0;
      for await (const batch of batches(big, { batchSize: 64, classes: 5, seed: 1 })) {
        seen += batch.xs.shape[0];
        tf.dispose([batch.xs, batch.ys]);
      }
      expect(seen).toBe(1000);
      for await (const batch of batches(big, { batchSize: 64, classes: 5, seed: 1 })) {
        tf.dispose([batch.xs, batch.ys]);
        break;
      }
    }, 'batch epoch');
  });

  it('rejects bad options and out-of-range labels with typed errors', async () => {
    await expect(collect(batches(source, { batchSize: 0, classes: 5 }))).rejects.toThrow(/batchSize/);
    await expect(collect(batches(source, { batchSize: 4, classes: 5, indices: [0, 23] }))).rejects.toThrow(/index 23/);
    await expect(collect(batches(source, { batchSize: 4, classes: 3 }))).rejects.toThrow(InvalidArgumentError);
    expect(() => arraySource({ ...fixture(3), count: 4 })).toThrow(/data.images/);
  });
});

describe('epochOrder and stratifiedSplit', () => {
  it('epochOrder is a permutation, reproducible per (seed, epoch)', () => {
    const order = epochOrder(100, 9, 2);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(epochOrder(100, 9, 2)).toEqual(order);
    expect(epochOrder(100, 9, 3)).not.toEqual(order);
  });

  it('keeps class proportions, is disjoint and complete, and depends only on the seed', () => {
    const labels = Uint8Array.from({ length: 300 }, (_, i) => (i < 200 ? 0 : i < 280 ? 1 : 2));
    const split = stratifiedSplit(labels, { validationFraction: 0.25, seed: 5 });
    const count = (indices: Int32Array, label: number) => Array.from(indices).filter((i) => labels[i] === label).length;
    expect([0, 1, 2].map((c) => count(split.validation, c))).toEqual([50, 20, 5]);
    expect([0, 1, 2].map((c) => count(split.train, c))).toEqual([150, 60, 15]);
    expect([...split.train, ...split.validation].sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(stratifiedSplit(labels, { validationFraction: 0.25, seed: 5 })).toEqual(split);
    expect(stratifiedSplit(labels, { validationFraction: 0.25, seed: 6 }).validation).not.toEqual(split.validation);
    expect(() => stratifiedSplit(labels, { validationFraction: 1, seed: 1 })).toThrow(/validationFraction/);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { batches } from '../batching/batches';
import { arraySource } from '../batching/image-source';
import { loadMnistFamily } from './mnist-family';

const DIR = '/usr/share/datasets/fashion-mnist';
const present = existsSync(path.join(DIR, 'train-images-idx3-ubyte.gz'));
if (!present) console.warn(`Skipping Fashion-MNIST tests: ${DIR} is missing (install Debian's dataset-fashion-mnist)`);

describe.skipIf(!present)(`Fashion-MNIST from ${DIR} (Debian dataset-fashion-mnist)`, () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  for (const [split, prefix, count] of [
    ['train', 'train', 60_000],
    ['test', 't10k', 10_000],
  ] as const) {
    it(`loads ${split}: ${count} images, ${count / 10} per class, bytes as in the files`, async () => {
      const data = await loadMnistFamily(DIR, split);
      expect(data).toMatchObject({ count, height: 28, width: 28, channels: 1 });
      expect(data.images.length).toBe(count * 784);
      const perClass = new Array(10).fill(0);
      for (const label of data.labels) perClass[label]++;
      expect(perClass).toEqual(new Array(10).fill(count / 10));
      const rawImages = gunzipSync(readFileSync(path.join(DIR, `${prefix}-images-idx3-ubyte.gz`)));
      const rawLabels = gunzipSync(readFileSync(path.join(DIR, `${prefix}-labels-idx1-ubyte.gz`)));
      for (const offset of [0, 300, 784 * 123 + 456, 784 * (count - 1) + 400, count * 784 - 1]) {
        expect(data.images[offset]).toBe(rawImages[16 + offset]);
      }
      for (const offset of [0, 1, 2, 777, count - 1]) expect(data.labels[offset]).toBe(rawLabels[8 + offset]);
    });
  }

  it('spot-checks literal values of the train file', async () => {
    const data = await loadMnistFamily(DIR, 'train');
    expect(Array.from(data.labels.subarray(0, 12))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9]);
    expect([data.images[100], data.images[300]]).toEqual([73, 210]);
  });

  it('iterates a full test epoch of batches of 128 without leaking tensors', async () => {
    const source = arraySource(await loadMnistFamily(DIR, 'test'));
    await expectNoTensorLeaks(async () => {
      let images = 0;
      let batchCount = 0;
      for await (const { xs, ys } of batches(source, { batchSize: 128, classes: 10, seed: 1 })) {
        images += xs.shape[0];
        batchCount++;
        tf.dispose([xs, ys]);
      }
      expect([images, batchCount]).toEqual([10_000, 79]);
    }, 'Fashion-MNIST test epoch');
  });
});

import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { degrade } from '@lowres/datasets';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../config/train-config';
import { ConfigInvalidError } from '../errors';
import { quadrantDataset } from '../test-support/tiny-plugins';
import { pairBatch, pairDatasets } from './derived-datasets';
import { checkDataset } from './image-dataset';
import { degradeDataset, lowResolutionSize } from './low-resolution';

beforeAll(async () => {
  await initBackend('cpu');
});

const protocol = (raw: unknown) => parseTrainConfig({ classifier: 'x', lowResolution: raw }).lowResolution!;

describe('degradeDataset', () => {
  it('down-scales bytes in batches exactly as one degrade() call, keeping bytes and labels', async () => {
    const original = checkDataset(quadrantDataset(10, 8, 2), 'data');
    const low = await expectNoTensorLeaks(() => degradeDataset(original, protocol({ factor: 2 }), 3), 'degradeDataset');
    expect(low.images).toBeInstanceOf(Uint8Array);
    expect(low.shape).toEqual({ height: 4, width: 4, channels: 1 });
    expect(low.labels).toBe(original.labels);
    const reference = tf.tidy(() =>
      degrade(tf.tensor4d(Int32Array.from(original.images), [10, 8, 8, 1], 'int32'), { scale: 2 }).dataSync(),
    );
    expect(Array.from(low.images)).toEqual(Array.from(reference));
  });

  it('keeps a constant image constant (bicubic weights sum to one) and restores to a given size', () => {
    const images = new Float32Array(2 * 12 * 12).fill(0.25);
    const original = checkDataset({ images, labels: [0, 1], count: 2, height: 12, width: 12 }, 'data');
    const low = degradeDataset(original, protocol({ size: [5, 5], restore: [10, 10] }));
    expect(low.images).toBeInstanceOf(Float32Array);
    expect(low.shape).toEqual({ height: 10, width: 10, channels: 1 });
    for (const value of low.images) expect(value).toBeCloseTo(0.25, 6);
  });

  it('rejects a factor or size that does not shrink the images, and configs with both or neither', () => {
    expect(() => lowResolutionSize(protocol({ size: [8, 8] }), 8, 8)).toThrow(ConfigInvalidError);
    expect(() => lowResolutionSize(protocol({ size: [4, 9] }), 8, 8)).toThrow(/larger than the 8×8/);
    expect(lowResolutionSize(protocol({ factor: 3 }), 28, 28)).toEqual([10, 10]);
    expect(() => protocol({ factor: 2, size: [4, 4] })).toThrow(/exactly one of 'factor' or 'size'/);
    expect(() => protocol({})).toThrow(ConfigInvalidError);
    expect(() => protocol({ factor: 1 })).toThrow(/lowResolution\.factor/);
  });
});

describe('pairDatasets', () => {
  it('pairs each degraded image with its original bytes', () => {
    const original = checkDataset(quadrantDataset(6, 8, 5), 'data');
    const low = degradeDataset(original, protocol({ factor: 2 }));
    const pairs = pairDatasets(low, original);
    expect(pairs.lowShape).toEqual({ height: 4, width: 4, channels: 1 });
    expect(pairs.highShape).toEqual({ height: 8, width: 8, channels: 1 });
    expect(pairs.highResolution).toBeInstanceOf(Uint8Array);
    expect(Array.from(pairs.highResolution)).toEqual(Array.from(original.images));
    expect(Array.from(pairs.lowResolution)).toEqual(Array.from(low.images));
    const batch = pairBatch(pairs.highResolution, pairs.highShape, [4, 1]);
    const expected = [...Array.from(original.images.subarray(4 * 64, 5 * 64)), ...Array.from(original.images.subarray(64, 128))].map((v) => v / 255);
    expect(batch.shape).toEqual([2, 8, 8, 1]);
    const values = Array.from(batch.dataSync());
    batch.dispose();
    for (const [i, value] of values.entries()) expect(value).toBeCloseTo(expected[i]!, 6);
    expect(() => pairDatasets(checkDataset(quadrantDataset(5, 4), 'x'), original)).toThrow(ConfigInvalidError);
  });
});

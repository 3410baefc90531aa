import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@lowres/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImageData } from './load-data';
import { writeCubFixture, writeTinyImageNetFixture } from './test-support/folder-fixtures';
import { writeIdxFixture } from './test-support/idx-fixture';

let root = '';
let cub = '';
let tiny = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lowres-load-data-'));
  cub = await writeCubFixture(join(root, 'cub'));
  await mkdir(join(root, 'tiny'));
  tiny = await writeTinyImageNetFixture(join(root, 'tiny'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadImageData on folder datasets', () => {
  it('decodes CUB cropped to the bounding box, as bytes, with labels, class count and progress lines', async () => {
    const lines: string[] = [];
    const progress = { isTTY: false, write: (text: string) => lines.push(text) };
    // Image 1 (class 1, train) has the box x=4, y=3, 19×17; at exactly that size no resizing happens.
    const data = await loadImageData({ dataset: 'cub-200-2011', dataDir: cub, size: [17, 19], crop: true, limit: 1, progress });
    expect(data.train.images).toBeInstanceOf(Uint8Array);
    expect(data.train).toMatchObject({ count: 1, height: 17, width: 19, channels: 3, classes: 200 });
    const file = join(cub, 'CUB_200_2011', 'images', '001.Bird_1', 'Bird_1_0001.jpg');
    const reference = await sharp(file).extract({ left: 4, top: 3, width: 19, height: 17 }).removeAlpha().raw().toBuffer();
    expect(Array.from(data.train.images)).toEqual(Array.from(reference));
    expect(lines).toEqual(['decoding cub-200-2011 train: 1/1 images (17×19×3)\n', 'decoding cub-200-2011 test: 1/1 images (17×19×3)\n']);
  });

  it('takes the first --limit images of each split; train and test alternate as train_test_split.txt says', async () => {
    const data = await loadImageData({ dataset: 'cub-200-2011', dataDir: cub, size: [12, 12], crop: true, limit: 7 });
    expect(data.train.count).toBe(7);
    expect(data.train.images.length).toBe(7 * 12 * 12 * 3);
    // Five classes of four images, ids in class order, splits 1 0 1 0: two train and two test images per class.
    expect(Array.from(data.train.labels)).toEqual([0, 0, 1, 1, 2, 2, 3]);
    expect(Array.from(data.test.labels)).toEqual([0, 0, 1, 1, 2, 2, 3]);
    const all = await loadImageData({ dataset: 'cub-200-2011', dataDir: cub, size: [12, 12], crop: true });
    expect(all.train.count).toBe(10);
    expect(all.train.classNames?.[4]).toBe('005.Bird_5');
  });

  it('Tiny ImageNet: 64×64 by default, tested on the validation split with labels from val_annotations.txt', async () => {
    const lines: string[] = [];
    const data = await loadImageData({ dataset: 'tiny-imagenet', dataDir: tiny, progress: { isTTY: true, write: (text) => lines.push(text) } });
    expect(data.train).toMatchObject({ count: 9, height: 64, width: 64, channels: 3, classes: 200 });
    expect(Array.from(data.train.labels)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(data.test.count).toBe(6);
    expect(Array.from(data.test.labels)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(lines).toContain('\rdecoding tiny-imagenet validation: 6/6 images (64×64×3)\n');
    // A whole 64×64 JPEG decodes to the same bytes sharp gives.
    const reference = await sharp(join(tiny, 'val', 'images', 'val_1.JPEG')).removeAlpha().raw().toBuffer();
    expect(Array.from(data.test.images.subarray(64 * 64 * 3, 2 * 64 * 64 * 3))).toEqual(Array.from(reference));
  });

  it('size and crop are refused for datasets stored as decoded images', async () => {
    const idx = join(root, 'idx');
    await mkdir(idx);
    await writeIdxFixture(idx, 4, 4, 8);
    await expect(loadImageData({ dataset: 'fashion-mnist', dataDir: idx, size: [4, 4] })).rejects.toThrow(InvalidArgumentError);
    await expect(loadImageData({ dataset: 'fashion-mnist', dataDir: idx, crop: true })).rejects.toThrow(/--crop.*folder datasets only/);
  });
});

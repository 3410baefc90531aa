import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DatasetFormatError, DatasetNotFoundError, imresizePixels, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { batches } from '../batching/batches';
import { charArray, doubles, element, fieldNames, header, i32, matrix, smallElement } from '../test-fixtures/mat5-writer';
import { loadCub } from './cub';
import { decodeImage } from './decode-image';
import { loadDiv2k } from './div2k';
import { folderSource } from './folder-source';
import { loadFlowers102 } from './flowers-102';
import { loadStanfordCars } from './stanford-cars';
import { loadTinyImageNet } from './tiny-imagenet';

const root = mkdtempSync(path.join(tmpdir(), 'lowres-folders-'));

/** Deterministic RGB test pattern, value depending on (seed, y, x, c). */
function pattern(height: number, width: number, seed: number): Buffer {
  const b = Buffer.alloc(height * width * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) b[(y * width + x) * 3 + c] = (seed * 40 + y * 7 + x * 13 + c * 60) % 256;
  return b;
}

async function writeImage(file: string, height: number, width: number, seed: number): Promise<Buffer> {
  mkdirSync(path.dirname(file), { recursive: true });
  const pixels = pattern(height, width, seed);
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  await (file.endsWith('.png') ? image.png() : image.jpeg({ quality: 95 })).toFile(file);
  return pixels;
}

function write(file: string, text: string | Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('decodeImage', () => {
  it('decodes PNG bytes exactly, crops to a box and resizes with MATLAB bicubic', async () => {
    const file = path.join(root, 'a.png');
    const pixels = await writeImage(file, 10, 12, 1);
    const decoded = await decodeImage(file);
    expect(decoded).toMatchObject({ height: 10, width: 12, channels: 3 });
    expect(Buffer.from(decoded.pixels).equals(pixels)).toBe(true);
    const cropped = await decodeImage(file, { box: { left: 2, top: 3, width: 4, height: 5 } });
    expect(cropped).toMatchObject({ height: 5, width: 4 });
    expect(Array.from(cropped.pixels.subarray(0, 3))).toEqual(Array.from(pixels.subarray((3 * 12 + 2) * 3, (3 * 12 + 2) * 3 + 3)));
    const resized = await decodeImage(file, { size: [5, 6] });
    const expected = imresizePixels(new Uint8Array(pixels), { height: 10, width: 12, channels: 3 }, { size: [5, 6] });
    expect(Array.from(resized.pixels)).toEqual(Array.from(expected.pixels));
    const grey = await decodeImage(file, { channels: 1 });
    expect(grey.channels).toBe(1);
  });

  it('rejects missing files, undecodable files and boxes outside the image', async () => {
    await expect(decodeImage(path.join(root, 'none.png'))).rejects.toThrow(DatasetNotFoundError);
    const broken = path.join(root, 'broken.png');
    write(broken, Buffer.from('this is not a png'));
    await expect(decodeImage(broken)).rejects.toThrow(DatasetFormatError);
    await expect(decodeImage(broken)).rejects.toThrow(/broken\.png: cannot decode image/);
    const file = path.join(root, 'a.png');
    await expect(decodeImage(file, { box: { left: 10, top: 0, width: 5, height: 5 } })).rejects.toThrow(/not inside the 12×10 image/);
  });
});

describe('folderSource', () => {
  it('decodes lazily into fixed-size batches without leaking tensors', async () => {
    const entries = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const file = path.join(root, 'lazy', `${i}.png`);
        await writeImage(file, 8 + i, 9, i);
        return { file, label: i % 2 };
      }),
    );
    const source = folderSource(entries, { size: [8, 8] });
    expect(source.count).toBe(5);
    const bytes = await source.read([4, 0]);
    const first = await decodeImage(entries[4]!.file, { size: [8, 8] });
    expect(Array.from(bytes.subarray(0, 192))).toEqual(Array.from(first.pixels));
    await expectNoTensorLeaks(async () => {
      let seen = 0;
      for await (const { xs, ys } of batches(source, { batchSize: 2, classes: 2, seed: 1 })) {
        expect(xs.shape.slice(1)).toEqual([8, 8, 3]);
        seen += xs.shape[0];
        tf.dispose([xs, ys]);
      }
      expect(seen).toBe(5);
    }, 'folder epoch');
  });
});

describe('dataset folder layouts', () => {
  it('Tiny ImageNet: train boxes and validation annotations', async () => {
    const dir = path.join(root, 'tiny-imagenet-200');
    write(path.join(dir, 'wnids.txt'), 'n01\nn02\n');
    write(path.join(dir, 'words.txt'), 'n00\tsomething\nn01\tgoldfish, Carassius auratus\nn02\tsalamander\n');
    for (const wnid of ['n01', 'n02']) {
      await writeImage(path.join(dir, 'train', wnid, 'images', `${wnid}_0.JPEG`), 16, 16, 1);
      write(path.join(dir, 'train', wnid, `${wnid}_boxes.txt`), `${wnid}_0.JPEG\t1\t2\t10\t12\n`);
    }
    write(path.join(dir, 'val', 'val_annotations.txt'), 'val_0.JPEG\tn02\t0\t0\t15\t15\nval_1.JPEG\tn01\t3\t4\t5\t6\n');
    const train = await loadTinyImageNet(dir, 'train');
    expect(train.classNames).toEqual(['goldfish, Carassius auratus', 'salamander']);
    expect(train.entries.map((e) => [path.basename(e.file), e.label])).toEqual([
      ['n01_0.JPEG', 0],
      ['n02_0.JPEG', 1],
    ]);
    expect(train.entries[0]!.box).toEqual({ left: 1, top: 2, width: 10, height: 11 });
    const validation = await loadTinyImageNet(dir, 'validation');
    expect(validation.entries.map((e) => e.label)).toEqual([1, 0]);
    write(path.join(dir, 'val', 'val_annotations.txt'), 'val_0.JPEG\tn99\t0\t0\t15\t15\n');
    await expect(loadTinyImageNet(dir, 'validation')).rejects.toThrow(/val_annotations\.txt: line 1: wnid 'n99'/);
  });

  it('DIV2K: pairs HR and LR by name and names a missing LR file', async () => {
    const dir = path.join(root, 'div2k');
    for (const name of ['0001', '0002']) {
      await writeImage(path.join(dir, 'DIV2K_train_HR', `${name}.png`), 8, 8, 1);
      await writeImage(path.join(dir, 'DIV2K_train_LR_bicubic', 'X2', `${name}x2.png`), 4, 4, 1);
    }
    const pairs = await loadDiv2k(dir, 'train', 2);
    expect(pairs.map((p) => [p.name, path.basename(p.hr), path.basename(p.lr)])).toEqual([
      ['0001', '0001.png', '0001x2.png'],
      ['0002', '0002.png', '0002x2.png'],
    ]);
    await expect(loadDiv2k(dir, 'train', 4)).rejects.toThrow(/X4\/0001x4\.png: not found/);
    await expect(loadDiv2k(dir, 'validation', 2)).rejects.toThrow(DatasetNotFoundError);
  });

  it('CUB-200-2011: split, 0-based labels, boxes', async () => {
    const dir = path.join(root, 'cub', 'CUB_200_2011');
    write(path.join(dir, 'images.txt'), '1 001.A/a.jpg\n2 002.B/b.jpg\n3 002.B/c.jpg\n');
    write(path.join(dir, 'image_class_labels.txt'), '1 1\n2 2\n3 2\n');
    write(path.join(dir, 'train_test_split.txt'), '1 1\n2 0\n3 1\n');
    write(path.join(dir, 'bounding_boxes.txt'), '1 1.0 2.0 5.0 6.0\n2 0.0 0.0 8.0 8.0\n3 2.5 3.7 4.4 4.6\n');
    write(path.join(dir, 'classes.txt'), '1 001.A\n2 002.B\n');
    const train = await loadCub(path.join(root, 'cub'), 'train');
    expect(train.classNames).toEqual(['001.A', '002.B']);
    expect(train.entries.map((e) => [path.basename(e.file), e.label])).toEqual([
      ['a.jpg', 0],
      ['c.jpg', 1],
    ]);
    expect(train.entries[1]!.box).toEqual({ left: 2, top: 3, width: 4, height: 5 });
    expect((await loadCub(dir, 'test')).entries).toHaveLength(1);
    write(path.join(dir, 'image_class_labels.txt'), '1 1\n2 3\n3 2\n');
    await expect(loadCub(dir, 'test')).rejects.toThrow(/image_class_labels\.txt: image 2 has class '3'/);
  });

  it('Flowers-102: labels and splits from MAT v5 files', async () => {
    const dir = path.join(root, 'flowers');
    const labels = matrix(6, [1, 4], 'labels', [element(9, doubles([77, 1, 102, 5]))]);
    write(path.join(dir, 'imagelabels.mat'), Buffer.concat([header(), labels]));
    const ids = (name: string, values: number[]) => matrix(6, [1, values.length], name, [element(9, doubles(values))]);
    write(path.join(dir, 'setid.mat'), Buffer.concat([header(), ids('trnid', [2, 3]), ids('valid', [4]), ids('tstid', [1])]));
    const train = await loadFlowers102(dir, 'train');
    expect(train.entries.map((e) => [path.basename(e.file), e.label])).toEqual([
      ['image_00002.jpg', 0],
      ['image_00003.jpg', 101],
    ]);
    expect((await loadFlowers102(dir, 'test')).entries[0]!.label).toBe(76);
    write(path.join(dir, 'setid.mat'), Buffer.concat([header(), ids('trnid', [9]), ids('valid', [4]), ids('tstid', [1])]));
    await expect(loadFlowers102(dir, 'train')).rejects.toThrow(/setid\.mat: trnid holds image id 9/);
  });

  it('Stanford Cars: devkit annotations with 1-based inclusive boxes', async () => {
    const dir = path.join(root, 'cars');
    const meta = matrix(1, [1, 2], 'class_names', [charArray('', 'AM General Hummer SUV 2000'), charArray('', 'Acura RL Sedan 2012')]);
    write(path.join(dir, 'devkit', 'cars_meta.mat'), Buffer.concat([header(), meta]));
    const scalarDouble = (v: number) => matrix(6, [1, 1], '', [element(9, doubles([v]))]);
    const names = ['bbox_x1', 'bbox_y1', 'bbox_x2', 'bbox_y2', 'class', 'fname'];
    const annos = matrix(2, [1, 1], 'annotations', [
      smallElement(5, i32(8)),
      element(1, fieldNames(names, 8)),
      scalarDouble(39),
      scalarDouble(116),
      scalarDouble(569),
      scalarDouble(375),
      scalarDouble(2),
      charArray('', '00001.jpg'),
    ]);
    write(path.join(dir, 'devkit', 'cars_train_annos.mat'), Buffer.concat([header(), annos]));
    const train = await loadStanfordCars(dir, 'train');
    expect(train.classNames).toEqual(['AM General Hummer SUV 2000', 'Acura RL Sedan 2012']);
    expect(train.entries).toEqual([{ file: path.join(dir, 'cars_train', '00001.jpg'), label: 1, box: { left: 38, top: 115, width: 531, height: 260 } }]);
    await expect(loadStanfordCars(dir, 'test')).rejects.toThrow(/cars_test_annos_withlabels\.mat: not found/);
  });
});

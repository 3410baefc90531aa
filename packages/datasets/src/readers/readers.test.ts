import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DatasetFormatError, DatasetNotFoundError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { readCifar } from './cifar';
import { readIdx } from './idx';
import { loadMnistFamily } from './mnist-family';

const dir = mkdtempSync(path.join(tmpdir(), 'lowres-readers-'));

function idx(magic: number, dims: number[], payload: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  for (const [i, d] of dims.entries()) header.writeUInt32BE(d, 4 + 4 * i);
  return Buffer.concat([header, Buffer.from(payload)]);
}

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

const pixels = Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 11) % 256);
const goodImages = write('good-images', gzipSync(idx(0x803, [3, 2, 4], pixels)));
const goodLabels = write('good-labels', idx(0x801, [3], [7, 0, 9]));

async function expectFormatError(promise: Promise<unknown>, file: string, problem: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(DatasetFormatError.isInstance(error)).toBe(true);
  expect((error as DatasetFormatError).file).toBe(file);
  expect((error as Error).message).toContain(file);
  expect((error as Error).message).toMatch(problem);
}

describe('readIdx', () => {
  it('reads gzipped and raw files alike, detecting gzip by magic bytes', async () => {
    const data = await readIdx(goodImages, goodLabels);
    expect(data).toMatchObject({ count: 3, height: 2, width: 4, channels: 1 });
    expect(Array.from(data.images)).toEqual(pixels);
    expect(Array.from(data.labels)).toEqual([7, 0, 9]);
    // a gzipped file with a misleading name and a raw file named .gz both work
    const rawNamedGz = write('raw-images.gz', idx(0x803, [3, 2, 4], pixels));
    expect(Array.from((await readIdx(rawNamedGz, goodLabels)).images)).toEqual(pixels);
  });

  it('rejects a wrong magic number', async () => {
    const file = write('wrong-magic', idx(0x801, [3, 2, 4], pixels));
    await expectFormatError(readIdx(file, goodLabels), file, /wrong magic number 0x00000801, expected 0x00000803/);
    await expectFormatError(readIdx(goodImages, goodImages), goodImages, /wrong magic/);
  });

  it('rejects truncated files and files with trailing bytes', async () => {
    const short = write('short-images', idx(0x803, [3, 2, 4], pixels.slice(0, 20)));
    await expectFormatError(readIdx(short, goodLabels), short, /truncated: header \[3, 2, 4\] needs 24 data bytes, file has 20/);
    const tiny = write('tiny-labels', Buffer.from([0, 0, 8]));
    await expectFormatError(readIdx(goodImages, tiny), tiny, /truncated/);
    const long = write('long-labels', idx(0x801, [3], [1, 2, 3, 4]));
    await expectFormatError(readIdx(goodImages, long), long, /trailing bytes/);
  });

  it('rejects an image/label count mismatch', async () => {
    const two = write('two-labels', idx(0x801, [2], [1, 2]));
    await expectFormatError(readIdx(goodImages, two), two, /2 labels but .* holds 3 images/);
  });

  it('rejects a label out of range', async () => {
    const bad = write('bad-labels', idx(0x801, [3], [1, 10, 2]));
    await expectFormatError(readIdx(goodImages, bad), bad, /label 10 at index 1 is out of range \(classes: 10\)/);
    expect((await readIdx(goodImages, bad, { classes: 11 })).labels[1]).toBe(10);
  });

  it('rejects corrupt gzip data', async () => {
    const gz = gzipSync(idx(0x803, [3, 2, 4], pixels));
    const corrupt = write('corrupt.gz', Buffer.concat([gz.subarray(0, 12), Buffer.alloc(20, 0xff)]));
    await expectFormatError(readIdx(corrupt, goodLabels), corrupt, /corrupt gzip/);
  });

  it('rejects a missing file with DatasetNotFoundError naming it', async () => {
    const missing = path.join(dir, 'nope');
    await expect(readIdx(missing, goodLabels)).rejects.toThrow(DatasetNotFoundError);
    await expect(readIdx(missing, goodLabels)).rejects.toThrow(missing);
    await expect(loadMnistFamily(path.join(dir, 'empty'), 'train')).rejects.toThrow(/train-images-idx3-ubyte/);
  });

  it('loads a split by the standard MNIST file names', async () => {
    const mnist = mkdtempSync(path.join(tmpdir(), 'lowres-mnist-'));
    writeFileSync(path.join(mnist, 't10k-images-idx3-ubyte.gz'), gzipSync(idx(0x803, [3, 2, 4], pixels)));
    writeFileSync(path.join(mnist, 't10k-labels-idx1-ubyte'), idx(0x801, [3], [1, 2, 3]));
    const data = await loadMnistFamily(mnist, 'test');
    expect(data.count).toBe(3);
    expect(Array.from(data.labels)).toEqual([1, 2, 3]);
  });
});

function cifarRecord(labels: number[], seed: number): number[] {
  return [...labels, ...Array.from({ length: 3072 }, (_, i) => (i * 7 + seed) % 256)];
}

describe('readCifar', () => {
  it('reads CIFAR-10 batches and converts planar RGB to NHWC', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lowres-cifar10-'));
    const nested = path.join(root, 'cifar-10-batches-bin');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(nested);
    for (let b = 1; b <= 5; b++) {
      writeFileSync(path.join(nested, `data_batch_${b}.bin`), Buffer.from([...cifarRecord([b], b), ...cifarRecord([b + 4], 100 + b)]));
    }
    writeFileSync(path.join(nested, 'batches.meta.txt'), 'airplane\nautomobile\n\n');
    const data = await readCifar(root, 10, 'train');
    expect(data).toMatchObject({ count: 10, height: 32, width: 32, channels: 3, classNames: ['airplane', 'automobile'] });
    expect(Array.from(data.labels)).toEqual([1, 5, 2, 6, 3, 7, 4, 8, 5, 9]);
    // pixel (row 1, col 2) of image 0: planar offset p = 34; R at p, G at 1024+p, B at 2048+p
    const p = 34;
    const at = (i: number) => (i * 7 + 1) % 256;
    expect(Array.from(data.images.subarray(p * 3, p * 3 + 3))).toEqual([at(p), at(1024 + p), at(2048 + p)]);
  });

  it('reads CIFAR-100 fine and coarse labels and rejects bad records', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lowres-cifar100-'));
    writeFileSync(path.join(root, 'test.bin'), Buffer.from([...cifarRecord([3, 42], 0), ...cifarRecord([19, 99], 1)]));
    const data = await readCifar(root, 100, 'test');
    expect(Array.from(data.labels)).toEqual([42, 99]);
    expect(Array.from(data.coarseLabels!)).toEqual([3, 19]);
    const file = path.join(root, 'test.bin');
    writeFileSync(file, Buffer.from(cifarRecord([3, 100], 0)));
    await expectFormatError(readCifar(root, 100, 'test'), file, /label 100 in record 0 is out of range/);
    writeFileSync(file, Buffer.from(cifarRecord([3, 1], 0).slice(0, 3000)));
    await expectFormatError(readCifar(root, 100, 'test'), file, /not a multiple of the 3074-byte record/);
    await expect(readCifar(root, 100, 'train')).rejects.toThrow(DatasetNotFoundError);
  });
});

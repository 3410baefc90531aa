import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DatasetNotFoundError, InvalidArgumentError, UnknownPluginError } from '@lowres/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tarEntry } from '../test-fixtures/tar-writer';
import { DATASET_NAMES, datasetInfo, listDatasets } from './catalogue';
import { DownloadError } from './download-error';
import { datasetSource, loadDataset } from './load-dataset';

const DEBIAN = '/usr/share/datasets/fashion-mnist';
const hasDebian = existsSync(path.join(DEBIAN, 't10k-images-idx3-ubyte.gz'));
if (!hasDebian) console.warn(`Skipping Fashion-MNIST download/lookup tests: ${DEBIAN} is missing`);

/** Local mirror on 127.0.0.1 serving files from a folder; records requested paths. */
let server: http.Server;
let mirror = '';
let servedDir = '';
const requested: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requested.push(req.url ?? '');
    const file = path.join(servedDir, path.basename(req.url ?? ''));
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { 'Content-Length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('catalogue', () => {
  it('lists every dataset with its class count and split sizes from the spec', () => {
    expect(listDatasets().map((d) => d.name)).toEqual([...DATASET_NAMES]);
    expect(datasetInfo('fashion-mnist')).toMatchObject({ classes: 10, splits: { train: 60_000, test: 10_000 } });
    expect(datasetInfo('oracle-mnist').splits).toEqual({ train: 27_222, test: 3_000 });
    expect(datasetInfo('cifar-100').classes).toBe(100);
    expect(datasetInfo('stanford-cars')).toMatchObject({ classes: 196, splits: { train: 8_144, test: 8_041 } });
    expect(datasetInfo('flowers-102').splits).toEqual({ train: 1_020, validation: 1_020, test: 6_149 });
    // only checksums actually known are recorded
    expect(datasetInfo('mnist').files?.train?.every((f) => f.sha256 === undefined && f.contentSha256 === undefined)).toBe(true);
    expect(datasetInfo('fashion-mnist').files?.test?.every((f) => /^[0-9a-f]{64}$/.test(f.contentSha256 ?? ''))).toBe(true);
  });

  it('rejects an unknown name listing what is available, with a suggestion', () => {
    const error = (() => {
      try {
        datasetInfo('fashion-mnst');
      } catch (e) {
        return e;
      }
    })();
    expect(UnknownPluginError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Did you mean 'fashion-mnist'\?/);
    expect((error as UnknownPluginError).available).toContain('cifar-10');
  });
});

describe('loadDataset', () => {
  it('loads the embedded Fashion-MNIST subset with 300 / 100 images of every class', async () => {
    for (const [split, perClass] of [['train', 300], ['test', 100]] as const) {
      const loaded = await loadDataset('fashion-mnist-mini', { split, cacheDir: mkdtempSync(path.join(tmpdir(), 'lowres-cache-')) });
      if (loaded.kind !== 'images') throw new Error('expected in-memory images');
      expect(loaded.dir).toMatch(/data[\\/]fashion-mnist-mini$/);
      expect(loaded.data.count).toBe(perClass * 10);
      const counts = new Array(10).fill(0);
      for (const label of loaded.data.labels) counts[label]++;
      expect(counts).toEqual(new Array(10).fill(perClass));
    }
  });

  it.skipIf(!hasDebian)("finds Debian's Fashion-MNIST when no dir is given", async () => {
    const loaded = await loadDataset('fashion-mnist', { split: 'test', cacheDir: mkdtempSync(path.join(tmpdir(), 'lowres-cache-')) });
    expect(loaded.kind).toBe('images');
    if (loaded.kind !== 'images') return;
    expect(loaded.dir).toBe(DEBIAN);
    expect(loaded.data.count).toBe(10_000);
    expect(loaded.classNames?.[9]).toBe('Ankle boot');
    expect(datasetSource(loaded).count).toBe(10_000);
  });

  it.skipIf(!hasDebian)('downloads from a mirror, verifies the content checksum and uses the cache afterwards', async () => {
    servedDir = DEBIAN;
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'lowres-cache-'));
    const dir = path.join(cacheDir, 'fashion-mnist');
    requested.length = 0;
    const loaded = await loadDataset('fashion-mnist', { split: 'test', dir, download: true, mirror });
    expect(requested).toEqual(['/t10k-images-idx3-ubyte.gz', '/t10k-labels-idx1-ubyte.gz']);
    expect(loaded.kind === 'images' && loaded.data.count).toBe(10_000);
    expect(existsSync(path.join(dir, 't10k-images-idx3-ubyte.gz'))).toBe(true);
    requested.length = 0;
    await loadDataset('fashion-mnist', { split: 'test', dir, download: true, mirror });
    expect(requested).toEqual([]);
  });

  it('rejects a download whose content does not match the catalogue checksum', async () => {
    servedDir = mkdtempSync(path.join(tmpdir(), 'lowres-served-'));
    const header = Buffer.alloc(16);
    header.writeUInt32BE(0x803, 0);
    writeFileSync(path.join(servedDir, 't10k-images-idx3-ubyte.gz'), gzipSync(header));
    const dir = mkdtempSync(path.join(tmpdir(), 'lowres-bad-'));
    const error = await loadDataset('fashion-mnist', { split: 'test', dir, download: true, mirror }).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error)).toBe(true);
    expect((error as DownloadError).code).toBe('CHECKSUM_MISMATCH');
    expect(existsSync(path.join(dir, 't10k-images-idx3-ubyte.gz'))).toBe(false);
  });

  it('reports where it looked and how to get the data when files are missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lowres-empty-'));
    await expect(loadDataset('kmnist', { split: 'train', dir })).rejects.toThrow(/download: true to fetch it from http:\/\/codh\.rois\.ac\.jp/);
    await expect(loadDataset('oracle-mnist', { split: 'train', dir, download: true })).rejects.toThrow(DatasetNotFoundError);
    await expect(loadDataset('tiny-imagenet', { split: 'train', dir, download: true })).rejects.toThrow(/tiny-imagenet-200\.zip and unpack it/);
    await expect(loadDataset('mnist', { split: 'validation', dir })).rejects.toThrow(InvalidArgumentError);
  });

  it('downloads and unpacks the CIFAR-10 tar.gz from a mirror when files are missing', async () => {
    servedDir = mkdtempSync(path.join(tmpdir(), 'lowres-served-'));
    const record = Buffer.concat([Buffer.from([7]), Buffer.alloc(3072, 5)]);
    const tar = Buffer.concat([
      tarEntry('cifar-10-batches-bin/test_batch.bin', Buffer.concat([record, record])),
      tarEntry('cifar-10-batches-bin/batches.meta.txt', Buffer.from('a\nb\nc\nd\ne\nf\ng\nhorse\n')),
      Buffer.alloc(1024),
    ]);
    writeFileSync(path.join(servedDir, 'cifar-10-binary.tar.gz'), gzipSync(tar));
    const dir = mkdtempSync(path.join(tmpdir(), 'lowres-cifar-dl-'));
    requested.length = 0;
    const loaded = await loadDataset('cifar-10', { split: 'test', dir, download: true, mirror });
    expect(requested).toEqual(['/cifar-10-binary.tar.gz']);
    expect(loaded.kind === 'images' && [loaded.data.count, loaded.data.labels[1], loaded.classNames?.[7]]).toEqual([2, 7, 'horse']);
  });

  it('loads CIFAR-10 from a folder with the catalogue class names', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lowres-cifar-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'test_batch.bin'), Buffer.concat([Buffer.from([3]), Buffer.alloc(3072, 9)]));
    const loaded = await loadDataset('cifar-10', { split: 'test', dir });
    expect(loaded.kind === 'images' && [loaded.data.count, loaded.data.labels[0], loaded.classNames?.[3]]).toEqual([1, 3, 'cat']);
  });
});

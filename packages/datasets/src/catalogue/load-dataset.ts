import { homedir } from 'node:os';
import * as path from 'node:path';
import { DatasetNotFoundError, InvalidArgumentError } from '@lowres/core';
import { type ImageSource, arraySource } from '../batching/image-source';
import { pathExists } from '../files/path-exists';
import { loadCub } from '../folders/cub';
import { type Div2kPair, loadDiv2k } from '../folders/div2k';
import { folderSource } from '../folders/folder-source';
import { loadFlowers102 } from '../folders/flowers-102';
import type { LabelledFolder } from '../folders/labelled-folder';
import { loadStanfordCars } from '../folders/stanford-cars';
import { loadTinyImageNet } from '../folders/tiny-imagenet';
import { readCifar } from '../readers/cifar';
import { readIdx } from '../readers/idx';
import type { ByteImageDataset } from '../images/image-dataset';
import { mnistFileNames } from '../readers/mnist-family';
import { type DatasetInfo, type DatasetSplit, datasetInfo } from './catalogue';
import { downloadFile } from './download';
import { extractTar } from './extract-tar';

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions {
  split: DatasetSplit;
  /** Folder holding the dataset; default: the cache folder, then known system folders. */
  dir?: string;
  /** Fetch missing files from the official URL into `dir` or the cache: IDX files (verified where checksums are known) and the CIFAR tar.gz archives (unpacked). */
  download?: boolean;
  /** Cache root; default $LOWRES_DATA_DIR or ~/.cache/lowres/datasets. The dataset goes in <cacheDir>/<name>. */
  cacheDir?: string;
  /** Base URL to fetch from instead of the catalogue's (a local mirror). */
  mirror?: string;
  /** DIV2K only: LR scale 2, 3 or 4. Default 2. */
  scale?: 2 | 3 | 4;
}

/** A loaded split: bytes in memory, a list of image files, or DIV2K LR/HR file pairs. */
export type LoadedDataset =
  | { kind: 'images'; info: DatasetInfo; split: DatasetSplit; dir: string; data: ByteImageDataset; classNames?: readonly string[] }
  | { kind: 'files'; info: DatasetInfo; split: DatasetSplit; dir: string; folder: LabelledFolder }
  | { kind: 'pairs'; info: DatasetInfo; split: DatasetSplit; dir: string; pairs: Div2kPair[] };

/** Default cache root: $LOWRES_DATA_DIR or ~/.cache/lowres/datasets. */
export function defaultCacheDir(): string {
  return process.env.LOWRES_DATA_DIR ?? path.join(homedir(), '.cache', 'lowres', 'datasets');
}

async function hasIdxSplit(dir: string, split: 'train' | 'test'): Promise<boolean> {
  const names = mnistFileNames(split);
  for (const base of [names.images, names.labels]) {
    if (!(await pathExists(path.join(dir, `${base}.gz`))) && !(await pathExists(path.join(dir, base)))) return false;
  }
  return true;
}

async function idxFile(dir: string, base: string): Promise<string> {
  return (await pathExists(path.join(dir, `${base}.gz`))) ? path.join(dir, `${base}.gz`) : path.join(dir, base);
}

async function loadIdx(info: DatasetInfo, split: 'train' | 'test', options: LoadDatasetOptions): Promise<LoadedDataset> {
  const cacheDir = path.join(options.cacheDir ?? defaultCacheDir(), info.name);
  const candidates = options.dir ? [options.dir] : [cacheDir, ...(info.systemDirs ?? [])];
  let dir: string | undefined;
  for (const candidate of candidates) {
    if (await hasIdxSplit(candidate, split)) {
      dir = candidate;
      break;
    }
  }
  if (!dir) {
    const target = options.dir ?? cacheDir;
    const base = options.mirror ?? info.baseUrl;
    const files = info.files?.[split];
    if (!options.download || !base || !files) {
      const how = base
        ? `Pass download: true to fetch it from ${base}, or put the IDX files there`
        : `No download URL is known; get it from ${info.homepage} and put the IDX files there`;
      throw new DatasetNotFoundError(path.join(target, mnistFileNames(split).images), `Searched ${candidates.join(', ')}. ${how}`);
    }
    for (const file of files) {
      await downloadFile(new URL(file.name, base.endsWith('/') ? base : `${base}/`).toString(), path.join(target, file.name), file);
    }
    dir = target;
  }
  const names = mnistFileNames(split);
  const data = await readIdx(await idxFile(dir, names.images), await idxFile(dir, names.labels), { classes: info.classes });
  return { kind: 'images', info, split, dir, data, ...(info.classNames ? { classNames: info.classNames } : {}) };
}

/** Downloads a tar.gz archive into `dir` (resumable, atomic) and unpacks it there. */
async function fetchArchive(archiveUrl: string, dir: string, mirror?: string): Promise<void> {
  const name = path.basename(new URL(archiveUrl).pathname);
  const url = mirror ? new URL(name, mirror.endsWith('/') ? mirror : `${mirror}/`).toString() : archiveUrl;
  const { file } = await downloadFile(url, path.join(dir, name));
  await extractTar(file, dir);
}

function requireSplit<T extends DatasetSplit>(info: DatasetInfo, split: DatasetSplit, allowed: readonly T[]): T {
  if (!(allowed as readonly DatasetSplit[]).includes(split)) {
    throw new InvalidArgumentError('split', `${info.name} has splits ${allowed.join(', ')}; got '${split}'`);
  }
  return split as T;
}

/**
 * Loads a split of a catalogue dataset. IDX datasets are looked up in `dir`, the cache and system
 * folders (Debian's Fashion-MNIST) and optionally downloaded and verified; the others are read
 * from `dir` (or <cacheDir>/<name>) where the official archive was unpacked.
 */
export async function loadDataset(name: string, options: LoadDatasetOptions): Promise<LoadedDataset> {
  const info = datasetInfo(name);
  const { split } = options;
  if (info.format === 'idx') return loadIdx(info, requireSplit(info, split, ['train', 'test'] as const), options);
  const dir = options.dir ?? path.join(options.cacheDir ?? defaultCacheDir(), info.name);
  if (options.download && !(info.format === 'cifar-10' || info.format === 'cifar-100')) {
    throw new DatasetNotFoundError(
      dir,
      `${info.name} cannot be downloaded automatically; download ${info.archiveUrl ?? `it from ${info.homepage}`} and unpack it into ${dir}`,
    );
  }
  const base = { info, split, dir };
  switch (info.format) {
    case 'cifar-10':
    case 'cifar-100': {
      const cifarSplit = requireSplit(info, split, ['train', 'test'] as const);
      const read = () => readCifar(dir, info.classes as 10 | 100, cifarSplit);
      const data = await read().catch(async (error: unknown) => {
        if (!DatasetNotFoundError.isInstance(error) || !options.download || !info.archiveUrl) throw error;
        await fetchArchive(info.archiveUrl, dir, options.mirror);
        return read();
      });
      const classNames = data.classNames ?? info.classNames;
      return { kind: 'images', ...base, data, ...(classNames ? { classNames } : {}) };
    }
    case 'tiny-imagenet':
      return { kind: 'files', ...base, folder: await loadTinyImageNet(dir, requireSplit(info, split, ['train', 'validation'] as const)) };
    case 'cub-200-2011':
      return { kind: 'files', ...base, folder: await loadCub(dir, requireSplit(info, split, ['train', 'test'] as const)) };
    case 'flowers-102':
      return { kind: 'files', ...base, folder: await loadFlowers102(dir, split) };
    case 'stanford-cars':
      return { kind: 'files', ...base, folder: await loadStanfordCars(dir, requireSplit(info, split, ['train', 'test'] as const)) };
    case 'div2k':
      return { kind: 'pairs', ...base, pairs: await loadDiv2k(dir, requireSplit(info, split, ['train', 'validation'] as const), options.scale ?? 2) };
  }
}

/** Options of {@link datasetSource}. */
export interface DatasetSourceOptions {
  /** Image size for folder datasets (default: the catalogue's native size, e.g. 64×64 for Tiny ImageNet). */
  size?: readonly [number, number];
  /** Crop folder images to their bounding boxes. */
  crop?: boolean;
}

/** An {@link ImageSource} for batching a loaded classification dataset (not DIV2K pairs). */
export function datasetSource(dataset: LoadedDataset, options: DatasetSourceOptions = {}): ImageSource {
  if (dataset.kind === 'images') return arraySource(dataset.data);
  if (dataset.kind === 'pairs') throw new InvalidArgumentError('dataset', 'DIV2K holds LR/HR pairs, not labelled images; decode dataset.pairs instead');
  const size = options.size ?? (dataset.info.image ? ([dataset.info.image.height, dataset.info.image.width] as const) : undefined);
  if (!size) throw new InvalidArgumentError('size', `${dataset.info.name} images vary in size; pass size: [height, width]`);
  return folderSource(dataset.folder.entries, { size, ...(options.crop ? { crop: true } : {}) });
}

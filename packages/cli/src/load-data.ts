import { stat } from 'node:fs/promises';
import { DatasetNotFoundError, InvalidArgumentError, UnknownPluginError } from '@lowres/core';
import { type DatasetSplit, type ImageDataset, type LoadedDataset, datasetInfo, datasetSource, loadDataset, loadMnistFamily } from '@lowres/datasets';
import { type ProgressStream, decodeFolder } from './decode-folder';

/** Where to find a dataset: a catalogue name, or a folder of IDX files. */
export interface DataRequest {
  dataset: string;
  dataDir?: string;
  limit?: number;
  testLimit?: number;
  /** Folder datasets: decode every image to [height, width] (default: the catalogue's size, e.g. 64×64 for Tiny ImageNet). */
  size?: readonly [number, number];
  /** Folder datasets: crop each image to its bounding box before resizing (CUB, Stanford Cars). */
  crop?: boolean;
  /** Progress lines while folder images are decoded (default: none). */
  progress?: ProgressStream | null;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function firstImages(data: ImageDataset & { channels: number }, limit: number | undefined): ImageDataset {
  if (limit === undefined || limit >= data.count) return data;
  const size = data.height * data.width * data.channels;
  return { ...data, images: data.images.subarray(0, limit * size), labels: Array.from(data.labels).slice(0, limit), count: limit };
}

const looksLikePath = (dataset: string) => dataset.includes('/') || dataset.startsWith('.');

/** Checks that a dataset argument can be resolved before anything expensive starts. */
export async function checkDataRequest(request: DataRequest): Promise<void> {
  if (looksLikePath(request.dataset) && !(await isDirectory(request.dataset))) {
    throw new DatasetNotFoundError(request.dataset, '--dataset names a folder that does not exist');
  }
  if (request.dataDir !== undefined && !(await isDirectory(request.dataDir))) {
    throw new DatasetNotFoundError(request.dataDir, '--data-dir does not exist');
  }
  if (!looksLikePath(request.dataset) && !isCatalogued(request.dataset) && (await isDirectory(request.dataset))) {
    throw new InvalidArgumentError(
      '--dataset',
      `'${request.dataset}' is not a catalogue dataset, but a folder of that name is in the working directory: write --dataset ./${request.dataset}`,
    );
  }
  const folder = !looksLikePath(request.dataset) && isFolderFormat(request.dataset);
  if (!folder && (request.size !== undefined || request.crop)) {
    throw new InvalidArgumentError(request.size !== undefined ? '--size' : '--crop', `'${request.dataset}' is stored as decoded images; size and crop apply to folder datasets only`);
  }
}

function isCatalogued(dataset: string): boolean {
  try {
    datasetInfo(dataset);
    return true;
  } catch (error) {
    if (UnknownPluginError.isInstance(error)) return false;
    throw error;
  }
}

/** The catalogue's advice names a library option; on the command line the way is --data-dir. */
function withCliAdvice(error: unknown): unknown {
  if (!DatasetNotFoundError.isInstance(error) || !error.message.includes('Pass download: true')) return error;
  const hint = error.message
    .slice(`${error.file}: not found. `.length)
    .replace(/Pass download: true to fetch it from (\S+), or put the IDX files there/, 'Download the IDX files from $1 into a folder and pass --data-dir <folder>');
  return new DatasetNotFoundError(error.file, hint);
}

function isFolderFormat(dataset: string): boolean {
  const { format } = datasetInfo(dataset);
  return format === 'tiny-imagenet' || format === 'cub-200-2011' || format === 'flowers-102' || format === 'stanford-cars';
}

/** The catalogue split used as 'test': datasets without one (Tiny ImageNet) are tested on their validation split. */
function catalogueSplit(dataset: string, split: 'train' | 'test'): DatasetSplit {
  const { splits } = datasetInfo(dataset);
  return split === 'test' && splits.test === undefined && splits.validation !== undefined ? 'validation' : split;
}

async function decodeFiles(loaded: Extract<LoadedDataset, { kind: 'files' }>, request: DataRequest, limit: number | undefined) {
  const entries = limit === undefined ? loaded.folder.entries : loaded.folder.entries.slice(0, limit);
  const limited: LoadedDataset = { ...loaded, folder: { ...loaded.folder, entries } };
  const source = datasetSource(limited, { ...(request.size ? { size: request.size } : {}), ...(request.crop ? { crop: true } : {}) });
  const decoded = await decodeFolder(source, { what: `${loaded.info.name} ${loaded.split}`, progress: request.progress ?? null });
  return { ...decoded, classes: loaded.info.classes, classNames: loaded.folder.classNames };
}

async function loadSplit(request: DataRequest, split: 'train' | 'test', limit: number | undefined): Promise<ImageDataset & { channels: number }> {
  if (looksLikePath(request.dataset)) return loadMnistFamily(request.dataset, split);
  const loaded = await loadDataset(request.dataset, { split: catalogueSplit(request.dataset, split), dir: request.dataDir }).catch((error: unknown) => {
    throw withCliAdvice(error);
  });
  if (loaded.kind === 'files') return decodeFiles(loaded, request, limit);
  if (loaded.kind !== 'images') {
    throw new InvalidArgumentError('--dataset', `'${request.dataset}' holds ${loaded.kind} (SR pairs), not labelled images`);
  }
  return { ...loaded.data, classes: loaded.info.classes, classNames: loaded.classNames };
}

/**
 * Loads the train and test splits (first `limit` / `testLimit` images when given). Folder datasets
 * (Tiny ImageNet, CUB, Flowers-102, Stanford Cars) are decoded once, only the images kept, into bytes
 * at `size` (cropped to their boxes with `crop`); datasets without a test split use their validation split.
 */
export async function loadImageData(request: DataRequest): Promise<{ train: ImageDataset; test: ImageDataset }> {
  await checkDataRequest(request);
  return { train: await splitImages(request, 'train'), test: await splitImages(request, 'test') };
}

async function splitImages(request: DataRequest, split: 'train' | 'test'): Promise<ImageDataset> {
  const limit = split === 'train' ? request.limit : (request.testLimit ?? request.limit);
  return firstImages(await loadSplit(request, split, limit), limit);
}

/**
 * Loads one split only, as {@link loadImageData} would (first `testLimit ?? limit` test images, first
 * `limit` training images): what `lowres eval` and `lowres upscale` score, without decoding the other.
 */
export async function loadImageSplit(request: DataRequest, split: 'train' | 'test'): Promise<ImageDataset> {
  await checkDataRequest(request);
  return splitImages(request, split);
}

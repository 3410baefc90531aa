import { stat } from 'node:fs/promises';
import { DatasetNotFoundError, InvalidArgumentError } from '@lowres/core';
import { loadDataset, loadMnistFamily } from '@lowres/datasets';
import type { ImageDataset } from '@lowres/trainer';

/** Where to find a dataset: a catalogue name, or a folder of IDX files. */
export interface DataRequest {
  dataset: string;
  dataDir?: string;
  limit?: number;
  testLimit?: number;
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

/** Checks that a dataset argument can be resolved before anything expensive starts. */
export async function checkDataRequest(request: DataRequest): Promise<void> {
  const looksLikePath = request.dataset.includes('/') || request.dataset.startsWith('.');
  if (looksLikePath && !(await isDirectory(request.dataset))) {
    throw new DatasetNotFoundError(request.dataset, '--dataset names a folder that does not exist');
  }
  if (request.dataDir !== undefined && !(await isDirectory(request.dataDir))) {
    throw new DatasetNotFoundError(request.dataDir, '--data-dir does not exist');
  }
}

async function loadSplit(request: DataRequest, split: 'train' | 'test'): Promise<ImageDataset & { channels: number }> {
  if (request.dataset.includes('/') || request.dataset.startsWith('.')) {
    return loadMnistFamily(request.dataset, split);
  }
  const loaded = await loadDataset(request.dataset, { split, dir: request.dataDir });
  if (loaded.kind !== 'images') {
    throw new InvalidArgumentError('--dataset', `'${request.dataset}' is a ${loaded.kind} dataset; the CLI trains on in-memory image datasets (IDX, CIFAR)`);
  }
  return { ...loaded.data, classes: loaded.info.classes, classNames: loaded.classNames };
}

/** Loads the train and test splits (first `limit` / `testLimit` images when given). */
export async function loadImageData(request: DataRequest): Promise<{ train: ImageDataset; test: ImageDataset }> {
  await checkDataRequest(request);
  const [train, test] = await Promise.all([loadSplit(request, 'train'), loadSplit(request, 'test')]);
  return { train: firstImages(train, request.limit), test: firstImages(test, request.testLimit ?? request.limit) };
}

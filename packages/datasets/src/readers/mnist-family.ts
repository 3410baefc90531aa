import * as path from 'node:path';
import { DatasetNotFoundError, InvalidArgumentError } from '@lowres/core';
import { firstExistingPath } from '../files/path-exists';
import { settleInOrder } from '../files/settle-in-order';
import { readIdx } from './idx';
import type { ByteImageDataset } from '../images/image-dataset';

/** A dataset split. */
export type Split = 'train' | 'test';

const PREFIX: Record<Split, string> = { train: 'train', test: 't10k' };

async function firstExisting(dir: string, base: string): Promise<string> {
  const found = await firstExistingPath([path.join(dir, `${base}.gz`), path.join(dir, base)]);
  if (found !== undefined) return found;
  throw new DatasetNotFoundError(path.join(dir, `${base}.gz`), `Neither ${base}.gz nor ${base} is in ${dir}`);
}

/** Standard IDX file names of a split (MNIST, Fashion-MNIST, Oracle-MNIST, KMNIST share them). */
export function mnistFileNames(split: Split): { images: string; labels: string } {
  return { images: `${PREFIX[split]}-images-idx3-ubyte`, labels: `${PREFIX[split]}-labels-idx1-ubyte` };
}

/** Loads a split of an MNIST-family dataset from a folder holding the standard IDX files (.gz or raw). */
export async function loadMnistFamily(dir: string, split: Split): Promise<ByteImageDataset> {
  if (split !== 'train' && split !== 'test') {
    throw new InvalidArgumentError('split', `expected 'train' or 'test', got '${String(split)}'`);
  }
  const names = mnistFileNames(split);
  const [images, labels] = await settleInOrder([firstExisting(dir, names.images), firstExisting(dir, names.labels)]);
  return readIdx(images, labels, { classes: 10 });
}

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DatasetFormatError, InvalidArgumentError } from '@lowres/core';
import { pathExists } from '../files/path-exists';
import type { ByteImageDataset } from '../images/image-dataset';
import type { Split } from './mnist-family';
import { readDatasetFile } from './read-dataset-file';

/** CIFAR images as bytes (NHWC, 32×32×3); CIFAR-100 adds the 20 coarse labels. */
export interface CifarImages extends ByteImageDataset {
  /** CIFAR-100 only: coarse (super-class) label per image. */
  coarseLabels?: Uint8Array;
  /** Class names from batches.meta.txt / fine_label_names.txt when present. */
  classNames?: string[];
}

const SIDE = 32;
const PIXELS = SIDE * SIDE * 3;

const LAYOUT = {
  10: {
    folder: 'cifar-10-batches-bin',
    files: { train: [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`), test: ['test_batch.bin'] },
    names: 'batches.meta.txt',
  },
  100: { folder: 'cifar-100-binary', files: { train: ['train.bin'], test: ['test.bin'] }, names: 'fine_label_names.txt' },
} as const;

async function readClassNames(file: string): Promise<string[] | undefined> {
  if (!(await pathExists(file))) return undefined;
  return (await readFile(file, 'utf8'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/**
 * Reads the CIFAR-10 or CIFAR-100 binary version from `dir` (or its cifar-10-batches-bin /
 * cifar-100-binary sub-folder); converts the planar records to NHWC bytes.
 */
export async function readCifar(dir: string, variant: 10 | 100, split: Split): Promise<CifarImages> {
  if (variant !== 10 && variant !== 100) throw new InvalidArgumentError('variant', `expected 10 or 100, got ${String(variant)}`);
  if (split !== 'train' && split !== 'test') {
    throw new InvalidArgumentError('split', `expected 'train' or 'test', got '${String(split)}'`);
  }
  const layout = LAYOUT[variant];
  const nested = path.join(dir, layout.folder);
  const root = (await pathExists(path.join(nested, layout.files[split][0]!))) ? nested : dir;
  const labelBytes = variant === 10 ? 1 : 2;
  const record = labelBytes + PIXELS;
  const parts: Uint8Array[] = [];
  for (const name of layout.files[split]) {
    const file = path.join(root, name);
    const bytes = await readDatasetFile(file, `Expected the CIFAR-${variant} binary version in ${dir} or ${nested}`);
    if (bytes.length === 0 || bytes.length % record !== 0) {
      throw new DatasetFormatError(file, `truncated or not CIFAR-${variant}: ${bytes.length} bytes is not a multiple of the ${record}-byte record`);
    }
    parts.push(bytes);
  }
  const count = parts.reduce((n, p) => n + p.length / record, 0);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  const coarseLabels = variant === 100 ? new Uint8Array(count) : undefined;
  let index = 0;
  for (const [partIndex, bytes] of parts.entries()) {
    const file = path.join(root, layout.files[split][partIndex]!);
    for (let offset = 0; offset < bytes.length; offset += record, index++) {
      const fine = bytes[offset + labelBytes - 1] as number;
      if (fine >= variant) {
        throw new DatasetFormatError(file, `label ${fine} in record ${offset / record} is out of range (classes: ${variant})`);
      }
      labels[index] = fine;
      if (coarseLabels) {
        const coarse = bytes[offset] as number;
        if (coarse >= 20) throw new DatasetFormatError(file, `coarse label ${coarse} in record ${offset / record} is out of range (20)`);
        coarseLabels[index] = coarse;
      }
      const planes = offset + labelBytes;
      const out = index * PIXELS;
      for (let p = 0; p < SIDE * SIDE; p++) {
        images[out + p * 3] = bytes[planes + p] as number;
        images[out + p * 3 + 1] = bytes[planes + SIDE * SIDE + p] as number;
        images[out + p * 3 + 2] = bytes[planes + 2 * SIDE * SIDE + p] as number;
      }
    }
  }
  const classNames = await readClassNames(path.join(root, layout.names));
  return {
    images,
    labels,
    count,
    height: SIDE,
    width: SIDE,
    channels: 3,
    ...(coarseLabels ? { coarseLabels } : {}),
    ...(classNames ? { classNames } : {}),
  };
}

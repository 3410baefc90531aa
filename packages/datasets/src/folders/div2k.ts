import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { DatasetFormatError, DatasetNotFoundError, InvalidArgumentError } from '@lowres/core';
import { pathExists } from '../files/path-exists';

/** One DIV2K HR image and its official bicubic LR counterpart. */
export interface Div2kPair {
  name: string;
  hr: string;
  lr: string;
}

/**
 * DIV2K pairs: DIV2K_{train,valid}_HR/NNNN.png with DIV2K_{train,valid}_LR_bicubic/X{scale}/NNNNx{scale}.png,
 * matched by name; an HR image without its LR file is an error naming the missing file.
 */
export async function loadDiv2k(dir: string, split: 'train' | 'validation', scale: 2 | 3 | 4): Promise<Div2kPair[]> {
  if (split !== 'train' && split !== 'validation') throw new InvalidArgumentError('split', `expected 'train' or 'validation', got '${String(split)}'`);
  if (scale !== 2 && scale !== 3 && scale !== 4) throw new InvalidArgumentError('scale', `expected 2, 3 or 4, got ${String(scale)}`);
  const part = split === 'train' ? 'train' : 'valid';
  const hrDir = path.join(dir, `DIV2K_${part}_HR`);
  const lrDir = path.join(dir, `DIV2K_${part}_LR_bicubic`, `X${scale}`);
  let names: string[];
  try {
    names = (await readdir(hrDir)).filter((n) => n.toLowerCase().endsWith('.png')).sort();
  } catch {
    throw new DatasetNotFoundError(hrDir, 'Expected the unpacked DIV2K HR archive');
  }
  if (names.length === 0) throw new DatasetFormatError(hrDir, 'holds no PNG images');
  const pairs: Div2kPair[] = [];
  for (const name of names) {
    const stem = name.slice(0, -4);
    const lr = path.join(lrDir, `${stem}x${scale}.png`);
    if (!(await pathExists(lr))) throw new DatasetNotFoundError(lr, `LR counterpart of ${path.join(hrDir, name)}`);
    pairs.push({ name: stem, hr: path.join(hrDir, name), lr });
  }
  return pairs;
}

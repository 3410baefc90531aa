import * as path from 'node:path';
import { DatasetFormatError, InvalidArgumentError } from '@lowres/core';
import { matNumbers, readMat5 } from '../readers/mat5';
import type { LabelledFolder } from './labelled-folder';

const SPLIT_VARIABLE = { train: 'trnid', validation: 'valid', test: 'tstid' } as const;

/** Oxford Flowers-102: jpg/image_NNNNN.jpg, labels from imagelabels.mat, splits from setid.mat (MAT v5). */
export async function loadFlowers102(dir: string, split: 'train' | 'validation' | 'test'): Promise<LabelledFolder> {
  const variable = SPLIT_VARIABLE[split];
  if (!variable) throw new InvalidArgumentError('split', `expected 'train', 'validation' or 'test', got '${String(split)}'`);
  const labelsFile = path.join(dir, 'imagelabels.mat');
  const setFile = path.join(dir, 'setid.mat');
  const labels = matNumbers(await readMat5(labelsFile), 'labels', labelsFile);
  const ids = matNumbers(await readMat5(setFile), variable, setFile);
  const entries = Array.from(ids, (id) => {
    const label = labels[id - 1];
    if (!Number.isInteger(id) || label === undefined) throw new DatasetFormatError(setFile, `${variable} holds image id ${id}, outside 1..${labels.length}`);
    if (!Number.isInteger(label) || label < 1 || label > 102) throw new DatasetFormatError(labelsFile, `image ${id} has label ${label}, expected 1..102`);
    return { file: path.join(dir, 'jpg', `image_${String(id).padStart(5, '0')}.jpg`), label: label - 1 };
  });
  return { entries, classNames: Array.from({ length: 102 }, (_, i) => `class ${i + 1}`) };
}

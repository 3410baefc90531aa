import * as path from 'node:path';
import { DatasetFormatError, DatasetNotFoundError, InvalidArgumentError } from '@lowres/core';
import { firstExistingPath } from '../files/path-exists';
import { type MatValue, readMat5 } from '../readers/mat5';
import type { ImageFileEntry } from './decode-image';
import type { LabelledFolder } from './labelled-folder';

async function firstExisting(files: string[]): Promise<string> {
  const found = await firstExistingPath(files);
  if (found === undefined) throw new DatasetNotFoundError(files[0] as string, `Also looked for ${files.slice(1).join(', ')}`);
  return found;
}

function scalar(value: MatValue | undefined, field: string, file: string, index: number): number {
  if (value?.type !== 'numeric' || value.data.length !== 1) throw new DatasetFormatError(file, `annotation ${index + 1}: field '${field}' is not a scalar`);
  return value.data[0] as number;
}

/**
 * Stanford Cars with the devkit annotations (MAT v5): cars_meta.mat (class_names),
 * cars_train_annos.mat / cars_test_annos_withlabels.mat (bbox_x1..bbox_y2 1-based inclusive, class, fname).
 */
export async function loadStanfordCars(dir: string, split: 'train' | 'test'): Promise<LabelledFolder> {
  if (split !== 'train' && split !== 'test') throw new InvalidArgumentError('split', `expected 'train' or 'test', got '${String(split)}'`);
  const metaFile = await firstExisting([path.join(dir, 'devkit', 'cars_meta.mat'), path.join(dir, 'cars_meta.mat')]);
  const annotationName = split === 'train' ? 'cars_train_annos.mat' : 'cars_test_annos_withlabels.mat';
  const annotationFile = await firstExisting([path.join(dir, 'devkit', annotationName), path.join(dir, annotationName)]);
  const meta = (await readMat5(metaFile)).class_names;
  if (meta?.type !== 'cell') throw new DatasetFormatError(metaFile, "has no cell array 'class_names'");
  const classNames = meta.elements.map((e) => (e.type === 'char' ? e.text : ''));
  const annotations = (await readMat5(annotationFile)).annotations;
  if (annotations?.type !== 'struct') throw new DatasetFormatError(annotationFile, "has no struct array 'annotations'");
  const imagesDir = path.join(dir, split === 'train' ? 'cars_train' : 'cars_test');
  const entries: ImageFileEntry[] = annotations.elements.map((record, i) => {
    const fname = record.fname;
    if (fname?.type !== 'char') throw new DatasetFormatError(annotationFile, `annotation ${i + 1}: field 'fname' is not text`);
    const [x1, y1, x2, y2, cls] = ['bbox_x1', 'bbox_y1', 'bbox_x2', 'bbox_y2', 'class'].map((f) => scalar(record[f], f, annotationFile, i)) as [number, number, number, number, number];
    if (!Number.isInteger(cls) || cls < 1 || cls > classNames.length) {
      throw new DatasetFormatError(annotationFile, `annotation ${i + 1}: class ${cls} outside 1..${classNames.length}`);
    }
    return { file: path.join(imagesDir, fname.text), label: cls - 1, box: { left: x1 - 1, top: y1 - 1, width: x2 - x1 + 1, height: y2 - y1 + 1 } };
  });
  return { entries, classNames };
}

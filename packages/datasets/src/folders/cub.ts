import * as path from 'node:path';
import { DatasetFormatError, InvalidArgumentError } from '@lowres/core';
import { pathExists } from '../files/path-exists';
import { settleInOrder } from '../files/settle-in-order';
import type { ImageFileEntry } from './decode-image';
import type { LabelledFolder } from './labelled-folder';
import { fields, numberField, readLines } from './text-files';

async function idTable(file: string, columns: number): Promise<Map<number, string[]>> {
  const table = new Map<number, string[]>();
  (await readLines(file, 'Expected the unpacked CUB_200_2011 folder')).forEach((line, i) => {
    const parts = fields(line, columns + 1, file, i + 1);
    table.set(numberField(parts[0] as string, file, i + 1), parts.slice(1));
  });
  return table;
}

/**
 * CUB-200-2011 from images.txt, image_class_labels.txt, train_test_split.txt, bounding_boxes.txt
 * (x y w h; the box is rounded to whole pixels: left/top floored, width/height rounded) and classes.txt.
 */
export async function loadCub(dir: string, split: 'train' | 'test'): Promise<LabelledFolder> {
  if (split !== 'train' && split !== 'test') throw new InvalidArgumentError('split', `expected 'train' or 'test', got '${String(split)}'`);
  const root = (await pathExists(path.join(dir, 'CUB_200_2011', 'images.txt'))) ? path.join(dir, 'CUB_200_2011') : dir;
  const file = (name: string) => path.join(root, name);
  const [images, labels, splits, boxes, classes] = await settleInOrder([
    idTable(file('images.txt'), 1),
    idTable(file('image_class_labels.txt'), 1),
    idTable(file('train_test_split.txt'), 1),
    idTable(file('bounding_boxes.txt'), 4),
    idTable(file('classes.txt'), 1),
  ]);
  const classNames = [...classes.keys()].sort((a, b) => a - b).map((id) => (classes.get(id) as string[])[0] as string);
  const wanted = split === 'train' ? '1' : '0';
  const entries: ImageFileEntry[] = [];
  for (const id of [...images.keys()].sort((a, b) => a - b)) {
    const flag = splits.get(id)?.[0];
    if (flag === undefined) throw new DatasetFormatError(file('train_test_split.txt'), `image ${id} has no split`);
    if (flag !== wanted) continue;
    const classId = Number(labels.get(id)?.[0]);
    if (!Number.isInteger(classId) || classId < 1 || classId > classNames.length) {
      throw new DatasetFormatError(file('image_class_labels.txt'), `image ${id} has class '${labels.get(id)?.[0]}', expected 1..${classNames.length}`);
    }
    const box = boxes.get(id)?.map(Number);
    if (!box || box.some((v) => !Number.isFinite(v))) throw new DatasetFormatError(file('bounding_boxes.txt'), `image ${id} has no valid box`);
    const [x, y, w, h] = box as [number, number, number, number];
    entries.push({
      file: path.join(root, 'images', (images.get(id) as string[])[0] as string),
      label: classId - 1,
      box: { left: Math.floor(x), top: Math.floor(y), width: Math.round(w), height: Math.round(h) },
    });
  }
  return { entries, classNames };
}

import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { DatasetFormatError, DatasetNotFoundError, InvalidArgumentError } from '@lowres/core';
import type { BoundingBox, ImageFileEntry } from './decode-image';
import type { LabelledFolder } from './labelled-folder';
import { fields, numberField, readLines } from './text-files';

/** Tiny ImageNet boxes are x0 y0 x1 y1 with inclusive corners. */
function cornersToBox(parts: string[], file: string, line: number): BoundingBox {
  const [x0, y0, x1, y1] = parts.map((p) => numberField(p, file, line)) as [number, number, number, number];
  return { left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * Tiny ImageNet (tiny-imagenet-200): 'train' from train/<wnid>/images with <wnid>_boxes.txt,
 * 'validation' from val/images with val/val_annotations.txt. Labels index wnids.txt.
 */
export async function loadTinyImageNet(dir: string, split: 'train' | 'validation'): Promise<LabelledFolder> {
  if (split !== 'train' && split !== 'validation') throw new InvalidArgumentError('split', `expected 'train' or 'validation', got '${String(split)}'`);
  const wnids = await readLines(path.join(dir, 'wnids.txt'), 'Expected the unpacked tiny-imagenet-200 folder');
  const index = new Map(wnids.map((w, i) => [w, i]));
  const words = new Map<string, string>();
  try {
    for (const line of await readLines(path.join(dir, 'words.txt'))) {
      const [wnid, ...rest] = line.split('\t');
      if (wnid && index.has(wnid)) words.set(wnid, rest.join('\t'));
    }
  } catch (error) {
    if (!DatasetNotFoundError.isInstance(error)) throw error;
  }
  const classNames = wnids.map((w) => words.get(w) ?? w);
  const entries: ImageFileEntry[] = [];
  if (split === 'validation') {
    const file = path.join(dir, 'val', 'val_annotations.txt');
    (await readLines(file)).forEach((line, i) => {
      const parts = fields(line, 6, file, i + 1, /\t/);
      const label = index.get(parts[1] as string);
      if (label === undefined) throw new DatasetFormatError(file, `line ${i + 1}: wnid '${parts[1]}' is not in wnids.txt`);
      entries.push({ file: path.join(dir, 'val', 'images', parts[0] as string), label, box: cornersToBox(parts.slice(2, 6), file, i + 1) });
    });
    return { entries, classNames };
  }
  for (const [label, wnid] of wnids.entries()) {
    const boxesFile = path.join(dir, 'train', wnid, `${wnid}_boxes.txt`);
    const boxes = new Map<string, BoundingBox>();
    (await readLines(boxesFile)).forEach((line, i) => {
      const parts = fields(line, 5, boxesFile, i + 1, /\t/);
      boxes.set(parts[0] as string, cornersToBox(parts.slice(1, 5), boxesFile, i + 1));
    });
    const imagesDir = path.join(dir, 'train', wnid, 'images');
    let names: string[];
    try {
      names = (await readdir(imagesDir)).filter((n) => /\.(jpe?g|png)$/i.test(n)).sort();
    } catch {
      throw new DatasetNotFoundError(imagesDir);
    }
    for (const name of names) {
      const box = boxes.get(name);
      entries.push({ file: path.join(imagesDir, name), label, ...(box ? { box } : {}) });
    }
  }
  return { entries, classNames };
}

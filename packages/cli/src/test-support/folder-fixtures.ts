import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** Class colours: class k paints its object in COLOURS[k] on a darker textured background. */
const COLOURS: readonly (readonly [number, number, number])[] = [
  [230, 40, 40],
  [40, 220, 60],
  [50, 70, 235],
  [235, 220, 40],
  [200, 60, 220],
];

/** RGB pixels of a height×width image whose box (left, top, w, h) holds class `label`'s colour. */
function picture(height: number, width: number, box: readonly [number, number, number, number], label: number, seed: number): Buffer {
  const pixels = Buffer.alloc(height * width * 3);
  const colour = COLOURS[label % COLOURS.length]!;
  const [left, top, boxWidth, boxHeight] = box;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x >= left && x < left + boxWidth && y >= top && y < top + boxHeight;
      for (let c = 0; c < 3; c++) {
        pixels[(y * width + x) * 3 + c] = inside ? colour[c]! - ((x + y + seed) % 16) : 30 + ((x * 7 + y * 3 + seed * 11 + c * 5) % 40);
      }
    }
  }
  return pixels;
}

async function writeImage(file: string, pixels: Buffer, height: number, width: number): Promise<void> {
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  await writeFile(file, await (file.endsWith('.png') ? image.png() : image.jpeg({ quality: 95 })).toBuffer());
}

/**
 * Writes a miniature CUB-200-2011 (`<dir>/CUB_200_2011/` with images.txt, image_class_labels.txt,
 * train_test_split.txt, bounding_boxes.txt, classes.txt, images/<class>/<name>.jpg): `classes` classes
 * of `perClass` JPEGs of varying sizes, ids in class order, train/test alternating, the object in its box.
 */
export async function writeCubFixture(dir: string, classes = 5, perClass = 4): Promise<string> {
  const root = join(dir, 'CUB_200_2011');
  const lists = { images: [] as string[], labels: [] as string[], split: [] as string[], boxes: [] as string[], classes: [] as string[] };
  let id = 0;
  for (let k = 0; k < classes; k++) {
    const folder = `${String(k + 1).padStart(3, '0')}.Bird_${k + 1}`;
    lists.classes.push(`${k + 1} ${folder}`);
    await mkdir(join(root, 'images', folder), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      id += 1;
      const [height, width] = [30 + ((id * 7) % 13), 36 + ((id * 5) % 11)];
      const box = [3 + (id % 5), 2 + (id % 4), 18 + (id % 6), 16 + (id % 7)] as const;
      const name = `${folder}/Bird_${k + 1}_${String(id).padStart(4, '0')}.jpg`;
      await writeImage(join(root, 'images', name), picture(height, width, box, k, id), height, width);
      lists.images.push(`${id} ${name}`);
      lists.labels.push(`${id} ${k + 1}`);
      lists.split.push(`${id} ${i % 2 === 0 ? 1 : 0}`);
      // CUB stores x y width height as floats.
      lists.boxes.push(`${id} ${box[0]}.0 ${box[1]}.0 ${box[2]}.0 ${box[3]}.0`);
    }
  }
  await writeFile(join(root, 'images.txt'), `${lists.images.join('\n')}\n`);
  await writeFile(join(root, 'image_class_labels.txt'), `${lists.labels.join('\n')}\n`);
  await writeFile(join(root, 'train_test_split.txt'), `${lists.split.join('\n')}\n`);
  await writeFile(join(root, 'bounding_boxes.txt'), `${lists.boxes.join('\n')}\n`);
  await writeFile(join(root, 'classes.txt'), `${lists.classes.join('\n')}\n`);
  return dir;
}

/**
 * Writes a miniature tiny-imagenet-200 folder: wnids.txt, words.txt, train/<wnid>/images/<wnid>_<i>.JPEG
 * with <wnid>_boxes.txt, val/images/val_<i>.JPEG with val/val_annotations.txt; 64×64 JPEGs.
 */
export async function writeTinyImageNetFixture(dir: string, classes = 3, trainPerClass = 3, validationCount = 6): Promise<string> {
  const wnids = Array.from({ length: classes }, (_, k) => `n0${1440764 + k * 1111}`);
  await writeFile(join(dir, 'wnids.txt'), `${wnids.join('\n')}\n`);
  await writeFile(join(dir, 'words.txt'), `${wnids.map((w, k) => `${w}\tthing ${k}, object ${k}`).join('\n')}\n`);
  const box = (seed: number) => [4 + (seed % 9), 6 + (seed % 7), 30 + (seed % 11), 28 + (seed % 13)] as const;
  const corners = (b: readonly [number, number, number, number]) => `${b[0]}\t${b[1]}\t${b[0] + b[2] - 1}\t${b[1] + b[3] - 1}`;
  for (const [k, wnid] of wnids.entries()) {
    await mkdir(join(dir, 'train', wnid, 'images'), { recursive: true });
    const boxes: string[] = [];
    for (let i = 0; i < trainPerClass; i++) {
      const name = `${wnid}_${i}.JPEG`;
      const b = box(k * 10 + i);
      await writeImage(join(dir, 'train', wnid, 'images', name), picture(64, 64, b, k, k * 10 + i), 64, 64);
      boxes.push(`${name}\t${corners(b)}`);
    }
    await writeFile(join(dir, 'train', wnid, `${wnid}_boxes.txt`), `${boxes.join('\n')}\n`);
  }
  await mkdir(join(dir, 'val', 'images'), { recursive: true });
  const annotations: string[] = [];
  for (let i = 0; i < validationCount; i++) {
    const k = i % classes;
    const name = `val_${i}.JPEG`;
    const b = box(100 + i);
    await writeImage(join(dir, 'val', 'images', name), picture(64, 64, b, k, 100 + i), 64, 64);
    annotations.push(`${name}\t${wnids[k]}\t${corners(b)}`);
  }
  await writeFile(join(dir, 'val', 'val_annotations.txt'), `${annotations.join('\n')}\n`);
  return dir;
}

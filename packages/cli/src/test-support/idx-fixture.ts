import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

function idxImages(pixels: Uint8Array, count: number, size: number): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x00000803, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(size, 8);
  header.writeUInt32BE(size, 12);
  return Buffer.concat([header, Buffer.from(pixels)]);
}

function idxLabels(labels: Uint8Array): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(0x00000801, 0);
  header.writeUInt32BE(labels.length, 4);
  return Buffer.concat([header, Buffer.from(labels)]);
}

/** Writes a tiny MNIST-style IDX dataset (class k: bright quadrant k) to `dir`, uncompressed. */
export async function writeIdxFixture(dir: string, trainCount: number, testCount: number, size = 8): Promise<void> {
  const make = (count: number, offset: number) => {
    const pixels = new Uint8Array(count * size * size);
    const labels = new Uint8Array(count);
    const half = size / 2;
    for (let n = 0; n < count; n++) {
      const label = (n + offset) % 4;
      labels[n] = label;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const inside = (y < half) === label < 2 && (x < half) === (label % 2 === 0);
          pixels[(n * size + y) * size + x] = inside ? 200 - ((n * 7 + x) % 30) : 20 + ((n * 3 + y) % 30);
        }
      }
    }
    return { pixels, labels };
  };
  const train = make(trainCount, 0);
  const test = make(testCount, 1);
  await writeFile(join(dir, 'train-images-idx3-ubyte'), idxImages(train.pixels, trainCount, size));
  await writeFile(join(dir, 'train-labels-idx1-ubyte'), idxLabels(train.labels));
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), idxImages(test.pixels, testCount, size));
  await writeFile(join(dir, 't10k-labels-idx1-ubyte'), idxLabels(test.labels));
}

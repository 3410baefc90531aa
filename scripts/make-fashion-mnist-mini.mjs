// Regenerates the embedded Fashion-MNIST subset (packages/datasets/data/fashion-mnist-mini) from
// Debian's dataset-fashion-mnist: the first PER_CLASS_TRAIN images of each class from the training
// file and the first PER_CLASS_TEST of each class from the test file, in file order, as gzip IDX.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const SOURCE = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const TARGET = new URL('../packages/datasets/data/fashion-mnist-mini/', import.meta.url).pathname;
const PER_CLASS_TRAIN = 300;
const PER_CLASS_TEST = 100;

function subset(prefix, perClass) {
  const images = gunzipSync(readFileSync(join(SOURCE, `${prefix}-images-idx3-ubyte.gz`)));
  const labels = gunzipSync(readFileSync(join(SOURCE, `${prefix}-labels-idx1-ubyte.gz`)));
  if (images.readUInt32BE(0) !== 2051 || labels.readUInt32BE(0) !== 2049) throw new Error(`${SOURCE}: not IDX files`);
  const count = labels.readUInt32BE(4);
  const rows = images.readUInt32BE(8);
  const cols = images.readUInt32BE(12);
  const size = rows * cols;
  const taken = new Array(10).fill(0);
  const chosen = [];
  for (let i = 0; i < count && chosen.length < perClass * 10; i++) {
    const label = labels[8 + i];
    if (taken[label] < perClass) {
      taken[label]++;
      chosen.push(i);
    }
  }
  const outImages = Buffer.alloc(16 + chosen.length * size);
  outImages.writeUInt32BE(2051, 0);
  outImages.writeUInt32BE(chosen.length, 4);
  outImages.writeUInt32BE(rows, 8);
  outImages.writeUInt32BE(cols, 12);
  const outLabels = Buffer.alloc(8 + chosen.length);
  outLabels.writeUInt32BE(2049, 0);
  outLabels.writeUInt32BE(chosen.length, 4);
  chosen.forEach((source, k) => {
    images.copy(outImages, 16 + k * size, 16 + source * size, 16 + (source + 1) * size);
    outLabels[8 + k] = labels[8 + source];
  });
  // mtime 0 in the gzip header keeps the output byte-identical across runs.
  const gz = (buffer) => gzipSync(buffer, { level: 9 });
  writeFileSync(join(TARGET, `${prefix}-images-idx3-ubyte.gz`), gz(outImages));
  writeFileSync(join(TARGET, `${prefix}-labels-idx1-ubyte.gz`), gz(outLabels));
  return chosen.length;
}

mkdirSync(TARGET, { recursive: true });
const train = subset('train', PER_CLASS_TRAIN);
const test = subset('t10k', PER_CLASS_TEST);
console.log(`wrote ${train} train and ${test} test images to ${TARGET}`);

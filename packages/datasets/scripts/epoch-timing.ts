// One epoch of Fashion-MNIST train in batches of 128: prints load time, epoch time and peak RSS.
// Run: npx tsx --conditions @lowres/source scripts/epoch-timing.ts [dir] [backend]
import { initBackend } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { arraySource, batches, loadMnistFamily } from '../src/index';

const dir = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const backend = await initBackend((process.argv[3] as 'cpu' | 'wasm' | undefined) ?? 'cpu');
let peakRss = process.memoryUsage().rss;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

const loadStart = performance.now();
const data = await loadMnistFamily(dir, 'train');
const loadMs = performance.now() - loadStart;
sample();

const source = arraySource(data);
const tensorsBefore = tf.memory().numTensors;
const epochStart = performance.now();
let images = 0;
let batchCount = 0;
for await (const { xs, ys } of batches(source, { batchSize: 128, classes: 10, seed: 0 })) {
  images += xs.shape[0];
  batchCount++;
  tf.dispose([xs, ys]);
  sample();
}
const epochMs = performance.now() - epochStart;

console.log(
  JSON.stringify({
    backend,
    dir,
    images,
    batches: batchCount,
    loadSeconds: +(loadMs / 1000).toFixed(3),
    epochSeconds: +(epochMs / 1000).toFixed(3),
    imagesPerSecond: Math.round(images / (epochMs / 1000)),
    peakRssMiB: +(peakRss / 2 ** 20).toFixed(1),
    leakedTensors: tf.memory().numTensors - tensorsBefore,
  }),
);

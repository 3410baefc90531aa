/**
 * Fashion-MNIST at 14×14: bicubic ×2 + LR-Net vs g-RACNN vs p-RACNN (same epochs and images).
 *
 *   npx tsx --conditions @lowres/source packages/racnn/scripts/experiment.ts --train 6000 --epochs 5
 *
 * Options: --train N (training images, default 6000), --test M (test images, default 2000),
 * --epochs E (classifier epochs for every method, default 5), --pretrain-epochs P (p-RACNN's LR/HR
 * pre-training on the same training images, default 2), --batch B (default 64), --width W (LR-Net
 * width multiplier, default 1), --seed S, --backend cpu|wasm|tensorflow, --data DIR.
 * Training here is plain Adam (1e-3) on cross-entropy without per-layer multipliers (those are the
 * trainer's job); the printed accuracies are on the first M test images.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createRng, imresize, initBackend, type SrFrontEnd } from '@lowres/core';
import { loadMnistFamily } from '@lowres/datasets';
import { lrnet } from '@lowres/lrnet';
import * as tf from '@tensorflow/tfjs';
import { pretrainSr, racnnSr, saveSrWeights } from '../src/index';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '6000' },
    test: { type: 'string', default: '2000' },
    epochs: { type: 'string', default: '5' },
    'pretrain-epochs': { type: 'string', default: '2' },
    batch: { type: 'string', default: '64' },
    width: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    backend: { type: 'string' },
    data: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
  },
});
const trainCount = Number(values.train);
const testCount = Number(values.test);
const epochs = Number(values.epochs);
const pretrainEpochs = Number(values['pretrain-epochs']);
const batch = Number(values.batch);
const width = Number(values.width);
const seed = Number(values.seed);
const CLASSES = 10;

/** First `count` images as float32 [count,28,28,1] in [0,1], and their labels. */
async function load(split: 'train' | 'test', count: number): Promise<{ images: tf.Tensor4D; labels: Int32Array }> {
  const data = await loadMnistFamily(values.data, split);
  if (count > data.count) throw new Error(`--${split === 'train' ? 'train' : 'test'} ${count}: the split has ${data.count} images`);
  const size = data.height * data.width;
  const pixels = Float32Array.from(data.images.subarray(0, count * size), (v) => v / 255);
  return { images: tf.tensor4d(pixels, [count, data.height, data.width, 1]), labels: Int32Array.from(data.labels.subarray(0, count)) };
}

/** Bicubic ×½ (MATLAB imresize with antialiasing): the 14×14 low-resolution images. */
function downscale(images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.clipByValue(imresize(images, { scale: 0.5 }), 0, 1));
}

/** Input → optional SR front end → LR-Net at 28×28, as one model. */
function pipeline(input: tf.Tensor4D, sr: tf.LayersModel | null): tf.LayersModel {
  const [, h, w, c] = input.shape;
  const x = tf.input({ shape: [h, w, c] });
  const upscaled = sr === null ? x : (sr.apply(x) as tf.SymbolicTensor);
  const classifier = lrnet({ width }).build({ height: 28, width: 28, channels: 1 }, CLASSES);
  return tf.model({ inputs: x, outputs: classifier.apply(upscaled) as tf.SymbolicTensor });
}

async function train(model: tf.LayersModel, images: tf.Tensor4D, labels: Int32Array, name: string): Promise<void> {
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  const rng = createRng(seed);
  const count = images.shape[0];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const start = performance.now();
    const order = rng.permutation(count);
    let total = 0;
    for (let from = 0; from < count; from += batch) {
      const indices = order.subarray(from, Math.min(count, from + batch));
      const [xs, ys] = tf.tidy(() => {
        const picked = tf.tensor1d(indices, 'int32');
        return [tf.gather(images, picked), tf.gather(tf.tensor1d(labels, 'float32'), picked).reshape([-1, 1])];
      });
      const loss = (await model.trainOnBatch(xs, ys)) as number;
      total += loss * indices.length;
      tf.dispose([xs, ys]);
    }
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    console.log(`  ${name} epoch ${epoch + 1}/${epochs}: loss ${(total / count).toFixed(4)} (${seconds} s)`);
  }
  model.optimizer.dispose();
}

function evaluate(model: tf.LayersModel, images: tf.Tensor4D, labels: Int32Array): { accuracy: number; meanPerClass: number } {
  const predicted = tf.tidy(() => (model.predict(images, { batchSize: 256 }) as tf.Tensor).argMax(-1).dataSync());
  const correct = new Array<number>(CLASSES).fill(0);
  const seen = new Array<number>(CLASSES).fill(0);
  labels.forEach((label, i) => {
    seen[label] = (seen[label] ?? 0) + 1;
    if (predicted[i] === label) correct[label] = (correct[label] ?? 0) + 1;
  });
  const present = seen.map((n, k) => [n, correct[k] ?? 0] as const).filter(([n]) => n > 0);
  return {
    accuracy: correct.reduce((a, b) => a + b, 0) / labels.length,
    meanPerClass: present.reduce((sum, [n, c]) => sum + c / n, 0) / present.length,
  };
}

async function main(): Promise<void> {
  const backend = await initBackend(values.backend as Parameters<typeof initBackend>[0]);
  console.log(`backend ${backend}; train ${trainCount}, test ${testCount}, epochs ${epochs}, batch ${batch}, LR-Net width ${width}, seed ${seed}`);
  const train28 = await load('train', trainCount);
  const test28 = await load('test', testCount);
  const train14 = downscale(train28.images);
  const test14 = downscale(test28.images);
  const results: [string, { accuracy: number; meanPerClass: number }][] = [];

  // 1. Bicubic ×2 + LR-Net: the classifier sees fixed bicubic up-scaled images.
  const trainBicubic = imresize(train14, { scale: 2 });
  const testBicubic = imresize(test14, { scale: 2 });
  const baseline = pipeline(trainBicubic, null);
  await train(baseline, trainBicubic, train28.labels, 'bicubic+LR-Net');
  results.push(['bicubic ×2 + LR-Net', evaluate(baseline, testBicubic, test28.labels)]);
  baseline.dispose();
  tf.dispose([trainBicubic, testBicubic]);

  const endToEnd = async (name: string, frontEnd: SrFrontEnd): Promise<void> => {
    const sr = frontEnd.build({ height: 14, width: 14, channels: 1 });
    const model = pipeline(train14, sr);
    await train(model, train14, train28.labels, name);
    results.push([`${name} + LR-Net`, evaluate(model, test14, test28.labels)]);
    model.dispose();
  };

  // 2. g-RACNN: Gaussian SR layers trained end to end with the classifier.
  await endToEnd('g-RACNN', racnnSr({ scale: 2, channels: 1, seed }));

  // 3. p-RACNN: SR layers pre-trained on the (14×14, 28×28) pairs, saved, reloaded, then end to end.
  const directory = await mkdtemp(path.join(tmpdir(), 'racnn-experiment-'));
  try {
    const pretrainModel = racnnSr({ scale: 2, channels: 1, seed }).build({ height: 14, width: 14, channels: 1 });
    const { epochLosses } = await pretrainSr(pretrainModel, { lowResolution: train14, highResolution: train28.images }, {
      epochs: pretrainEpochs,
      batch,
      learningRate: 1e-3,
      seed,
    });
    console.log(`  p-RACNN pre-training pixel loss per epoch: ${epochLosses.map((v) => v.toFixed(4)).join(', ')}`);
    await saveSrWeights(pretrainModel, directory);
    pretrainModel.dispose();
    const pretrained = racnnSr({ scale: 2, channels: 1, init: 'pretrained', weights: directory });
    await pretrained.load();
    await endToEnd('p-RACNN', pretrained);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }

  tf.dispose([train28.images, test28.images, train14, test14]);
  console.log('\nmethod                    accuracy   mean per-class accuracy');
  for (const [name, { accuracy, meanPerClass }] of results) {
    console.log(`${name.padEnd(26)}${(accuracy * 100).toFixed(2).padStart(7)} %  ${(meanPerClass * 100).toFixed(2).padStart(7)} %`);
  }
  console.log(`live tensors at the end: ${tf.memory().numTensors}`);
}

await main();

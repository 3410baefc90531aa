/**
 * BagNet on low-resolution images: Fashion-MNIST (28×28) is bicubic-up-scaled, then BagNet-9, -17
 * and -33 are each trained briefly with SGD (momentum), Adam and Adadelta at the study's learning
 * rates. The table compares test accuracy, as trained and after re-estimating the batch-norm
 * statistics on the training images (brief runs need it: @lowres/core's reestimateBatchNorm);
 * class-evidence heatmaps show which patches voted for the true class (red) and against it (blue).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type BagnetOptimizerName,
  type BagnetPatch,
  bagnet,
  bagnetTrainingDefaults,
  classEvidence,
  renderEvidenceHeatmap,
  trainBagnet,
} from '@lowres/bagnet';
import { initBackend, reestimateBatchNorm } from '@lowres/core';
import { accuracy, countParams } from '@lowres/metrics';
import * as tf from '@tensorflow/tfjs';
import { FASHION_MNIST_CLASSES, loadResizedFashionMnist, type ResizedImages } from './fashion-mnist';
import { markdownTable } from './markdown-table';
import { type ExampleOptions, parseOptions, resolveOptions } from './options';

const HEATMAP_SCALE = 4;

/** One trained BagNet. */
export interface RunResult {
  patch: BagnetPatch;
  optimizer: BagnetOptimizerName;
  learningRate: number;
  /** Parameters of the model (trainable + batch-norm statistics). */
  parameters: number;
  /** Loss of the first and of the last training step. */
  firstLoss: number;
  finalLoss: number;
  /** Fraction of test images classified correctly, with the batch-norm statistics training left. */
  testAccuracy: number;
  /** The same after re-estimating the batch-norm statistics on the training images. */
  testAccuracyReEstimated: number;
  /** Training wall time in seconds. */
  trainSeconds: number;
  /** Heatmap PNGs written for this model. */
  heatmaps: string[];
}

/** What {@link main} measured and wrote. */
export interface ExampleResult {
  backend: string;
  options: ExampleOptions;
  runs: RunResult[];
  /** Paths of every file written. */
  files: string[];
}

/** Trains every patch × optimizer pair, prints the table and writes the heatmaps. */
export async function main(input: Partial<ExampleOptions> = {}, log: (line: string) => void = console.log): Promise<ExampleResult> {
  const options = resolveOptions(input);
  const backend = await initBackend(options.backend);
  log(`backend ${backend}; ${options.train} train / ${options.test} test images at ${options.size}×${options.size}, width ×${options.width}, ${options.epochs} epoch(s), batch ${options.batch}`);
  const train = await loadResizedFashionMnist(options.data, 'train', options.train, options.size);
  const test = await loadResizedFashionMnist(options.data, 'test', options.test, options.size);
  await mkdir(options.out, { recursive: true });

  const runs: RunResult[] = [];
  for (const patch of options.patches) {
    for (const optimizer of options.optimizers) {
      const model = bagnet({ patch, width: options.width, seed: options.seed }).build(
        { height: options.size, width: options.size, channels: 1 },
        FASHION_MNIST_CLASSES.length,
      );
      const started = performance.now();
      const { losses } = await trainBagnet(model, { images: train.images, labels: train.oneHot }, {
        optimizer,
        batchSize: options.batch,
        epochs: options.epochs,
        seed: options.seed,
      });
      const trainSeconds = (performance.now() - started) / 1000;
      const testAccuracy = accuracy(predictClasses(model, test.images, options.batch), test.labels);
      reestimateBatchNorm(model, imageBatches(train.images, options.batch));
      const testAccuracyReEstimated = accuracy(predictClasses(model, test.images, options.batch), test.labels);
      const heatmaps = await writeHeatmaps(model, test, options.heatmaps, join(options.out, `bagnet${patch}-${optimizer}`));
      runs.push({
        patch,
        optimizer,
        learningRate: bagnetTrainingDefaults.learningRates[optimizer],
        parameters: countParams(model).total,
        firstLoss: losses[0]!,
        finalLoss: losses.at(-1)!,
        testAccuracy,
        testAccuracyReEstimated,
        trainSeconds,
        heatmaps,
      });
      model.dispose();
      log(`  BagNet-${patch} ${optimizer}: loss ${losses[0]!.toFixed(3)} → ${losses.at(-1)!.toFixed(3)}, test accuracy ${percent(testAccuracy)} (BN re-estimated ${percent(testAccuracyReEstimated)})`);
    }
  }
  tf.dispose([train.images, train.oneHot, test.images, test.oneHot]);

  log('');
  log(
    markdownTable(
      ['model', 'optimizer', 'lr', 'params', 'loss first → last', 'test acc', 'test acc, BN re-est.', 'train s'],
      runs.map((run) => [
        `BagNet-${run.patch}`,
        run.optimizer,
        String(run.learningRate),
        run.parameters.toLocaleString('en-US'),
        `${run.firstLoss.toFixed(3)} → ${run.finalLoss.toFixed(3)}`,
        percent(run.testAccuracy),
        percent(run.testAccuracyReEstimated),
        run.trainSeconds.toFixed(1),
      ]),
    ),
  );
  const resultsFile = join(options.out, 'results.json');
  await writeFile(resultsFile, `${JSON.stringify({ backend, options, runs }, null, 2)}\n`);
  const files = [...runs.flatMap((run) => run.heatmaps), resultsFile];
  log(`\nwrote ${files.length} files to ${resolve(options.out)}`);
  return { backend, options, runs, files };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** Arg-max class of every image, predicted `batch` images at a time. */
function predictClasses(model: tf.LayersModel, images: tf.Tensor4D, batch: number): Int32Array {
  const count = images.shape[0];
  const classes = new Int32Array(count);
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    const predicted = tf.tidy(() => (model.predict(images.slice(start, size)) as tf.Tensor2D).argMax(1));
    classes.set(predicted.dataSync(), start);
    predicted.dispose();
  }
  return classes;
}

/** Heatmaps of the true class's evidence for the first `count` test images: `<prefix>-<i>-<class>.png`. */
async function writeHeatmaps(model: tf.LayersModel, test: ResizedImages, count: number, prefix: string): Promise<string[]> {
  if (count === 0) return [];
  const images = test.images.slice(0, count);
  const evidence = classEvidence(model, images);
  const files: string[] = [];
  for (let index = 0; index < count; index++) {
    const label = test.labels[index]!;
    const [image, map] = tf.tidy(() => [images.slice(index, 1), evidence.slice(index, 1)] as [tf.Tensor4D, tf.Tensor4D]);
    const png = renderEvidenceHeatmap(image, map, { classIndex: label, scale: HEATMAP_SCALE });
    tf.dispose([image, map]);
    const file = `${prefix}-${index}-${FASHION_MNIST_CLASSES[label]!.toLowerCase().replace(/[^a-z]+/g, '-')}.png`;
    await writeFile(file, png);
    files.push(file);
  }
  tf.dispose([images, evidence]);
  return files;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(parseOptions(process.argv.slice(2)));
}

/** Consecutive slices of `images`, `batch` at a time, each disposed once the consumer moves on. */
function* imageBatches(images: tf.Tensor4D, batch: number): Generator<tf.Tensor4D> {
  for (let start = 0; start < images.shape[0]; start += batch) {
    const slice = images.slice(start, Math.min(batch, images.shape[0] - start));
    try {
      yield slice;
    } finally {
      slice.dispose();
    }
  }
}

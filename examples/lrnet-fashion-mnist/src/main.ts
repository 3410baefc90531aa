/**
 * LR-Net on Fashion-MNIST with the paper's recipe, run through @lowres/trainer: Adam (lr 1e-3),
 * batch 128, categorical cross-entropy, early stopping on the validation loss with patience 30,
 * restoring the best weights; the validation split is held out from the training images and the
 * test set is scored once at the end.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { initBackend } from '@lowres/core';
import { confusionMatrix, confusionMatrixSvg, countParams } from '@lowres/metrics';
import { type EpochRecord, type TrainConfigInput, train } from '@lowres/trainer';
import { FASHION_MNIST_CLASSES, loadFashionMnist } from './fashion-mnist';
import { markdownTable } from './markdown-table';
import { type ExampleOptions, parseOptions, resolveOptions } from './options';

/** What {@link main} measured and wrote. */
export interface ExampleResult {
  backend: string;
  options: ExampleOptions;
  /** The training configuration handed to `train` (plain JSON; also saved as config.json). */
  config: TrainConfigInput;
  parameters: { total: number; trainable: number };
  history: readonly EpochRecord[];
  /** Epoch (1-based) with the lowest validation loss, whose weights were restored. */
  bestEpoch: number;
  testAccuracy: number;
  testMeanPerClassAccuracy: number;
  /** Files of the run folder this example wrote itself (the trainer adds its logs and report). */
  files: string[];
}

/** Trains and tests LR-Net; `log` receives the summary lines. */
export async function main(input: Partial<ExampleOptions> = {}, log: (line: string) => void = console.log): Promise<ExampleResult> {
  const options = resolveOptions(input);
  const backend = await initBackend(options.backend);
  log(`backend ${backend}; ${options.train} training images (${options.validation * 100} % held out for validation), ${options.test} test images`);
  const trainImages = await loadFashionMnist(options.data, 'train', options.train);
  const testImages = await loadFashionMnist(options.data, 'test', options.test);

  const config: TrainConfigInput = {
    mode: 'classifier',
    sr: 'none',
    // --tiny narrows the blocks and the head so the run takes seconds; otherwise the paper's model.
    classifier: { name: 'lrnet', options: options.tiny ? { width: options.width, head: [16] } : { width: options.width } },
    epochs: options.epochs,
    batchSize: options.batch,
    // wasm's 4 GB heap holds a training pass of 64 LR-Net images, not 128: larger batches run as micro-batches.
    ...(options.batch > 64 ? { microBatchSize: 64 } : {}),
    seed: options.seed,
    validationSplit: options.validation,
    optimizer: { name: 'adam', learningRate: 1e-3 },
    earlyStopping: { monitor: 'val_loss', patience: options.patience, minDelta: 0, restoreBest: true },
    batchNormRecalibration: options.bnRecalibration,
    outDir: options.out,
  };
  const result = await train(config, {
    data: { train: trainImages, test: testImages },
    progress: { isTTY: false, write: (text) => log(text.replace(/\n$/, '')) },
  });
  const { model } = result.pipeline;
  const parameters = countParams(model);
  const test = result.test!;
  model.dispose();

  const validationLosses = result.history.map((record) => record.val_loss ?? Number.POSITIVE_INFINITY);
  const bestEpoch = validationLosses.indexOf(Math.min(...validationLosses)) + 1;
  const confusionFile = join(options.out, 'test-confusion.svg');
  const counts = confusionMatrix(test.predictions, test.labels, { classes: FASHION_MNIST_CLASSES.length });
  await writeFile(confusionFile, confusionMatrixSvg(counts, { classNames: FASHION_MNIST_CLASSES, title: 'LR-Net, Fashion-MNIST test' }));

  log('');
  log(
    markdownTable(
      ['parameters', 'epochs run', 'best epoch', 'best val loss', 'test accuracy', 'mean per-class accuracy'],
      [
        [
          parameters.total.toLocaleString('en-US'),
          String(result.history.length),
          String(bestEpoch),
          validationLosses[bestEpoch - 1]!.toFixed(4),
          `${(test.accuracy * 100).toFixed(2)} %`,
          `${(test.meanPerClassAccuracy * 100).toFixed(2)} %`,
        ],
      ],
    ),
  );
  log(`\nrun folder: ${resolve(options.out)} (config, checkpoints, metrics.csv/jsonl, report, test-confusion.svg)`);
  return {
    backend,
    options,
    config,
    parameters: { total: parameters.total, trainable: parameters.trainable },
    history: result.history,
    bestEpoch,
    testAccuracy: test.accuracy,
    testMeanPerClassAccuracy: test.meanPerClassAccuracy,
    files: [confusionFile],
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(parseOptions(process.argv.slice(2)));
}

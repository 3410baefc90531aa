/**
 * LR-Net on Fashion-MNIST with the paper's recipe, trained the way `lowres train` trains: a config
 * and the default registry handed to @lowres/trainer's `train`. Adam (lr 1e-3), batch 128, early
 * stopping on the validation loss with patience 30, best weights restored, the test set scored once.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultRegistry, loadImageData } from '@lowres/cli';
import { initBackend } from '@lowres/core';
import { confusionMatrix, confusionMatrixSvg } from '@lowres/metrics';
import { type TrainConfigInput, parseTrainConfig, train } from '@lowres/trainer';
import { markdownTable } from 'markdown-table';

const flags = { epochs: { type: 'string' }, patience: { type: 'string' }, validation: { type: 'string' }, train: { type: 'string' }, test: { type: 'string' },
  batch: { type: 'string' }, seed: { type: 'string' }, width: { type: 'string' }, 'bn-recalibration': { type: 'string' }, backend: { type: 'string' }, data: { type: 'string' },
  out: { type: 'string', default: 'runs/lrnet-fashion-mnist' }, tiny: { type: 'boolean', default: false } } as const;

/** Trains and tests LR-Net with the given command-line flags (`--tiny`: seconds); `log` receives the summary. */
export async function main(argv: readonly string[], log: (line: string) => void = console.log) {
  const { values } = parseArgs({ args: argv.filter((arg) => arg !== '--'), options: flags, strict: true });
  const number = (flag: keyof typeof values, paper: number, tiny: number) => Number(values[flag] ?? (values.tiny ? tiny : paper));
  const config: TrainConfigInput = parseTrainConfig({
    mode: 'classifier',
    sr: 'none',
    // --tiny narrows the blocks and the head so the run takes seconds; otherwise the paper's model.
    classifier: { name: 'lrnet', options: { width: number('width', 1, 0.125), ...(values.tiny ? { head: [16] } : {}) } },
    dataset: { name: values.data ? 'fashion-mnist' : 'fashion-mnist-mini', dir: values.data, limit: number('train', 3000, 16), testLimit: number('test', 1000, 8) },
    epochs: number('epochs', 1000, 2),
    batchSize: number('batch', 128, 12),
    // wasm's 4 GB heap holds a training pass of 64 LR-Net images, not 128: larger batches run as micro-batches.
    ...(number('batch', 128, 12) > 64 ? { microBatchSize: 64 } : {}),
    seed: number('seed', 1, 1),
    validationSplit: number('validation', 0.1, 0.25),
    optimizer: { name: 'adam', learningRate: 1e-3 },
    earlyStopping: { monitor: 'val_loss', patience: number('patience', 30, 1), minDelta: 0, restoreBest: true },
    batchNormRecalibration: number('bn-recalibration', 0, 0),
    outDir: values.out,
  });
  const backend = await initBackend(values.backend);
  const { dataset } = config;
  const data = await loadImageData({ dataset: dataset!.name, dataDir: dataset!.dir, limit: dataset!.limit, testLimit: dataset!.testLimit });
  const progress = { isTTY: false, write: (text: string) => log(text.replace(/\n$/, '')) };
  const result = await train(config, { data, registry: defaultRegistry, progress });
  result.pipeline.model.dispose();
  const test = result.test!;
  const bestEpoch = result.history.reduce((best, record, index) => (record.val_loss! < result.history[best]!.val_loss! ? index : best), 0) + 1;
  const counts = confusionMatrix(test.predictions, test.labels, { classes: 10 });
  await writeFile(join(values.out, 'test-confusion.svg'), confusionMatrixSvg(counts, { classNames: data.test.classNames, title: 'LR-Net, Fashion-MNIST test' }));
  const percent = (share: number) => `${(share * 100).toFixed(2)} %`;
  log(`\nbackend ${backend}\n`);
  log(markdownTable([['epochs run', 'best epoch', 'test accuracy', 'mean per-class accuracy'], [String(result.history.length), String(bestEpoch), percent(test.accuracy), percent(test.meanPerClassAccuracy)]]));
  log(`\nrun folder: ${result.outDir} (config, checkpoints, metrics.csv/jsonl, report, test-confusion.svg)`);
  return { backend, config: result.config, history: result.history, bestEpoch, test };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));

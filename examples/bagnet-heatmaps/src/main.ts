/**
 * BagNet on low-resolution images: Fashion-MNIST (28×28) is bicubic-up-scaled ×2, then BagNet-9, -17
 * and -33 are each trained briefly with SGD (momentum), Adam and Adadelta at the study's learning
 * rates — one config per pair handed to @lowres/trainer's `train` with the default registry, as
 * `lowres train` does. Brief runs need their batch-norm statistics re-estimated on the training
 * images (`batchNormRecalibration`); each run's report holds class-evidence heatmaps showing which
 * patches voted for the true class (red) and against it (blue).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultRegistry, loadImageData } from '@lowres/cli';
import { initBackend } from '@lowres/core';
import { countParams } from '@lowres/metrics';
import { parseTrainConfig, train } from '@lowres/trainer';
import { markdownTable } from 'markdown-table';

/** BagNet patch sizes (receptive fields) of the sweep. */
export const PATCHES = [9, 17, 33] as const;
/** The study's optimizers and learning rates. */
export const OPTIMIZERS = { sgd: { name: 'sgd', learningRate: 1e-3, momentum: 0.9 }, adam: { name: 'adam', learningRate: 1e-3 }, adadelta: { name: 'adadelta', learningRate: 1 } } as const;
const flags = { epochs: { type: 'string' }, train: { type: 'string' }, test: { type: 'string' }, batch: { type: 'string' },
  seed: { type: 'string' }, width: { type: 'string' }, backend: { type: 'string' }, data: { type: 'string' },
  out: { type: 'string', default: 'runs/bagnet-heatmaps' }, tiny: { type: 'boolean', default: false } } as const;

/** Trains every patch size × optimizer with the given command-line flags (`--tiny`: seconds) and prints the table. */
export async function main(argv: readonly string[], log: (line: string) => void = console.log) {
  const { values } = parseArgs({ args: argv.filter((arg) => arg !== '--'), options: flags, strict: true });
  const { tiny, out } = values;
  const number = (flag: keyof typeof values, normal: number, small: number) => Number(values[flag] ?? (tiny ? small : normal));
  const dataset = { name: values.data ? 'fashion-mnist' : 'fashion-mnist-mini', dir: values.data, limit: number('train', 2000, 8), testLimit: number('test', 500, 4) };
  const runs = PATCHES.flatMap((patch) => Object.entries(OPTIMIZERS).map(([optimizer, settings]) => ({ patch, optimizer, config: parseTrainConfig({
    mode: 'classifier', sr: { name: 'bicubic', options: { scale: 2 } }, classifier: { name: `bagnet${patch}`, options: { width: number('width', 0.125, 1 / 16), seed: number('seed', 1, 1) } },
    dataset, epochs: number('epochs', 2, 1), batchSize: number('batch', 100, 8), seed: number('seed', 1, 1), optimizer: settings,
    batchNormRecalibration: dataset.limit, outDir: join(out, `bagnet${patch}-${optimizer}`),
  }) })));
  const backend = await initBackend(values.backend);
  const data = await loadImageData({ dataset: dataset.name, dataDir: dataset.dir, limit: dataset.limit, testLimit: dataset.testLimit });
  const results = [];
  for (const { patch, optimizer, config } of runs) {
    const started = performance.now();
    const { pipeline, history, test } = await train(config, { data, registry: defaultRegistry, progress: null });
    const heatmaps = (await readdir(join(config.outDir!, 'plots'))).filter((file) => file.includes('evidence')).map((file) => join(config.outDir!, 'plots', file));
    results.push({ patch, optimizer, parameters: countParams(pipeline.classifierModel).total, finalLoss: history.at(-1)!.loss, testAccuracy: test!.accuracy, trainSeconds: (performance.now() - started) / 1000, heatmaps });
    pipeline.model.dispose();
    log(`  BagNet-${patch} ${optimizer}: test accuracy ${(test!.accuracy * 100).toFixed(1)} %`);
  }
  const rows = results.map((run) => [`BagNet-${run.patch}`, run.optimizer, run.parameters.toLocaleString('en-US'), run.finalLoss.toFixed(3), `${(run.testAccuracy * 100).toFixed(1)} %`, run.trainSeconds.toFixed(1)]);
  log(`\nbackend ${backend}; run folders (report.md, plots/ with the evidence heatmaps) in ${out}\n\n${markdownTable([['model', 'optimizer', 'params', 'final loss', 'test acc (BN re-estimated)', 'train s'], ...rows])}`);
  return { backend, runs: results };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));

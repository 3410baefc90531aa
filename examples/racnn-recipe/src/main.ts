/**
 * RACNN on degraded Fashion-MNIST: images bicubic-down-scaled to 14×14 and back up to 28×28 (the
 * paper's 50×50 → 227×227, scaled down), then classified by LR-Net three ways — LR-Net alone on the
 * bicubic images; g-RACNN (residual SR layers in front, Gaussian init, trained end to end); p-RACNN
 * (the SR layers first pre-trained on LR/HR pairs with their pixel loss, then end to end). Each is one
 * config handed to @lowres/trainer's `train` with the default registry, as `lowres train` does.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultRegistry, loadImageData } from '@lowres/cli';
import { initBackend } from '@lowres/core';
import { countParams } from '@lowres/metrics';
import { type LayerRule, parseTrainConfig, train } from '@lowres/trainer';
import { markdownTable } from 'markdown-table';

/** RACNN's solver (../shared/specs/racnn.md) as trainer rules, later rules overriding earlier ones: SR weight decay ×0, SR biases and sconv3 lr ×0.1. */
export const SR_RULES: LayerRule[] = [{ match: 'sr/*', weightDecayMultiplier: 0 }, { match: 'sr/*/bias', learningRateMultiplier: 0.1 }, { match: 'sr/sconv3/*', learningRateMultiplier: 0.1 }];
/** Classifier layers lr ×0.1 and weight decay ×0, except LR-Net's last layer ('predictions'): ×1 and ×1. */
export const CLASSIFIER_RULES: LayerRule[] = [{ match: 'classifier/*', learningRateMultiplier: 0.1, weightDecayMultiplier: 0 }, { match: 'classifier/predictions/*', learningRateMultiplier: 1, weightDecayMultiplier: 1 }];
const flags = { epochs: { type: 'string' }, 'pretrain-epochs': { type: 'string' }, train: { type: 'string' }, test: { type: 'string' }, batch: { type: 'string' },
  lr: { type: 'string' }, seed: { type: 'string' }, 'bn-recalibration': { type: 'string' }, backend: { type: 'string' }, data: { type: 'string' },
  out: { type: 'string', default: 'runs/racnn-recipe' }, tiny: { type: 'boolean', default: false } } as const;

/** Trains the baseline, g-RACNN and p-RACNN with the given command-line flags (`--tiny`: seconds) and prints the table. */
export async function main(argv: readonly string[], log: (line: string) => void = console.log) {
  const { values } = parseArgs({ args: argv.filter((arg) => arg !== '--'), options: flags, strict: true });
  const number = (flag: keyof typeof values, normal: number, small: number) => Number(values[flag] ?? (values.tiny ? small : normal));
  const seed = number('seed', 1, 1);
  const racnn = { name: 'racnn', options: { scale: 1, channels: 1, init: 'gaussian', seed } };
  const common = {
    classifier: { name: 'lrnet', options: values.tiny ? { width: 0.125, head: [16], seed } : { seed } },
    dataset: { name: values.data ? 'fashion-mnist' : 'fashion-mnist-mini', dir: values.data, limit: number('train', 3000, 4), testLimit: number('test', 1000, 4) },
    lowResolution: { factor: 2, restore: true },
    optimizer: { name: 'sgd', learningRate: number('lr', 0.01, 0.01), momentum: 0.9 },
    weightDecay: 5e-4, epochs: number('epochs', 5, 1), batchSize: number('batch', 32, 4), seed,
    // A short run leaves batch norm's moving averages (momentum 0.99) far from the trained weights' statistics.
    batchNormRecalibration: number('bn-recalibration', 1024, 0),
  };
  const pretrain = { epochs: number('pretrain-epochs', 10, 1), optimizer: { name: 'adam', learningRate: 1e-3 } };
  const methods = [
    { method: 'LR-Net on bicubic', folder: 'lr-net', config: { ...common, mode: 'classifier', sr: 'none', layers: CLASSIFIER_RULES } },
    { method: 'g-RACNN + LR-Net', folder: 'g-racnn', config: { ...common, mode: 'end-to-end', sr: racnn, layers: [...SR_RULES, ...CLASSIFIER_RULES] } },
    { method: 'p-RACNN + LR-Net', folder: 'p-racnn', config: { ...common, mode: 'end-to-end', sr: racnn, pretrain, layers: [...SR_RULES, ...CLASSIFIER_RULES] } },
  ].map((entry) => ({ ...entry, config: parseTrainConfig({ ...entry.config, outDir: join(values.out, entry.folder) }) }));
  const backend = await initBackend(values.backend);
  const { dataset } = common;
  const data = await loadImageData({ dataset: dataset.name, dataDir: dataset.dir, limit: dataset.limit, testLimit: dataset.testLimit });
  const rows = [];
  for (const { method, config } of methods) {
    const { pipeline, test } = await train(config, { data, registry: defaultRegistry, progress: null });
    rows.push({ method, srParameters: countParams(pipeline.srModel).total, meanPerClassAccuracy: test!.meanPerClassAccuracy, accuracy: test!.accuracy });
    pipeline.model.dispose();
  }
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  log(`backend ${backend}; run folders in ${values.out}\n\n${markdownTable([['method', 'SR params', 'mean per-class acc', 'accuracy'], ...rows.map((row) => [row.method, row.srParameters.toLocaleString('en-US'), percent(row.meanPerClassAccuracy), percent(row.accuracy)])])}`);
  return { backend, methods: rows };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));

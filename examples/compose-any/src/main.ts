/**
 * Any SR front end composes with any classifier back end: Fashion-MNIST degraded to 14×14, every
 * SR × classifier pair trained the way `lowres train` trains — a config and the default registry
 * handed to @lowres/trainer's `train`. 'none' and 'bicubic' have no parameters (classifier mode);
 * RACNN's SR layers learn with the classifier (end-to-end, "g-" init); WDSR-A learns on LR/HR pairs,
 * then the classifier on its frozen up-scaled images (staged, as in the HF-weighted SR paper).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultRegistry, loadImageData } from '@lowres/cli';
import { initBackend } from '@lowres/core';
import { countParams } from '@lowres/metrics';
import { parseTrainConfig, train } from '@lowres/trainer';
import { markdownTable } from 'markdown-table';

/** The registry reference and training mode of each SR front end (`tiny`: a narrow WDSR-A; `epochs` of its SR stage). */
const srSetups = (seed: number, tiny: boolean, epochs: number): Record<string, object> => ({
  none: { sr: 'none', mode: 'classifier' },
  bicubic: { sr: { name: 'bicubic', options: { scale: 2 } }, mode: 'classifier' },
  racnn: { sr: { name: 'racnn', options: { scale: 2, init: 'gaussian', seed } }, mode: 'end-to-end' },
  'wdsr-a': { sr: { name: 'wdsr-a', options: { scale: 2, seed, ...(tiny ? { blocks: 1, features: 8, expansion: 2 } : {}) } }, mode: 'staged', pretrain: { epochs } },
});
/** The options of each classifier back end (`tiny`: narrow variants). */
const classifierOptions = (tiny: boolean): Record<string, object> => ({ lrnet: tiny ? { width: 0.125, head: [16] } : {}, resnet18: { smallInput: true }, bagnet9: { width: tiny ? 1 / 16 : 0.25 } });
const flags = { sr: { type: 'string' }, classifiers: { type: 'string' }, epochs: { type: 'string' }, train: { type: 'string' }, test: { type: 'string' },
  batch: { type: 'string' }, seed: { type: 'string' }, 'bn-recalibration': { type: 'string' }, backend: { type: 'string' }, data: { type: 'string' },
  out: { type: 'string', default: 'runs/compose-any' }, tiny: { type: 'boolean', default: false } } as const;

/** Trains every requested pair with the given command-line flags (`--tiny`: seconds) and prints the comparison table. */
export async function main(argv: readonly string[], log: (line: string) => void = console.log) {
  const { values } = parseArgs({ args: argv.filter((arg) => arg !== '--'), options: flags, strict: true });
  const { tiny, out } = values;
  const number = (flag: keyof typeof values, normal: number, small: number) => Number(values[flag] ?? (tiny ? small : normal));
  const seed = number('seed', 1, 1);
  const dataset = { name: values.data ? 'fashion-mnist' : 'fashion-mnist-mini', dir: values.data, limit: number('train', 1000, 4), testLimit: number('test', 500, 4) };
  const settings = { dataset, lowResolution: { factor: 2 }, seed, epochs: number('epochs', 2, 1), batchSize: number('batch', 32, 4), optimizer: { name: 'adam', learningRate: 1e-3 } };
  // A short run leaves batch norm's moving averages (momentum 0.99) far from the trained weights' statistics.
  const batchNormRecalibration = number('bn-recalibration', 1024, 0);
  const pairs = (values.sr ?? 'none,bicubic,racnn,wdsr-a').split(',').flatMap((sr) => (values.classifiers ?? (tiny ? 'lrnet,bagnet9' : 'lrnet,resnet18,bagnet9')).split(',').map((classifier) => ({ sr, classifier })));
  const configs = pairs.map(({ sr, classifier }) => parseTrainConfig({ ...(srSetups(seed, tiny, settings.epochs)[sr] ?? { sr }), ...settings, classifier: { name: classifier, options: classifierOptions(tiny)[classifier] }, batchNormRecalibration, outDir: join(out, `${sr}+${classifier}`) }));
  const backend = await initBackend(values.backend);
  const data = await loadImageData({ dataset: dataset.name, dataDir: dataset.dir, limit: dataset.limit, testLimit: dataset.testLimit });
  const results = [];
  for (const [index, config] of configs.entries()) {
    const started = performance.now();
    const { pipeline, test } = await train(config, { data, registry: defaultRegistry, progress: null });
    const input = `${pipeline.classifierInput.height}×${pipeline.classifierInput.width}`;
    const parameters = [countParams(pipeline.srModel).total, countParams(pipeline.classifierModel).total] as const;
    results.push({ ...pairs[index]!, mode: config.mode, classifierInput: input, srParameters: parameters[0], classifierParameters: parameters[1], test: test!, trainSeconds: (performance.now() - started) / 1000 });
    pipeline.model.dispose();
    log(`  ${pairs[index]!.sr} + ${pairs[index]!.classifier}: test accuracy ${(test!.accuracy * 100).toFixed(1)} %`);
  }
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  const rows = results.map((row) => [row.sr, row.classifier, row.mode, row.classifierInput, row.srParameters.toLocaleString('en-US'), row.classifierParameters.toLocaleString('en-US'), percent(row.test.accuracy), percent(row.test.meanPerClassAccuracy), row.trainSeconds.toFixed(1)]);
  log(`\nbackend ${backend}; one run folder per pair (config, logs, report) in ${out}\n\n${markdownTable([['SR', 'classifier', 'mode', 'classifier input', 'SR params', 'classifier params', 'test acc', 'mean per-class', 'train s'], ...rows])}`);
  return { backend, pairs: results };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));

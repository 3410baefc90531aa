/**
 * Any SR front end composes with any classifier back end. Fashion-MNIST is degraded to 14×14 and
 * every SR × classifier pair is trained through @lowres/trainer's `train` — which resolves both names
 * in the default registry and joins them with `composePipeline` — then scored on the test images.
 *
 * How each front end trains: 'none' and 'bicubic' have no parameters (classifier mode); RACNN's SR
 * layers learn jointly with the classifier (end-to-end, Gaussian "g-" init); WDSR-A is first trained
 * on LR/HR pairs, then the classifier learns on its frozen up-scaled images (staged, as in the
 * HF-weighted SR paper).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { initBackend } from '@lowres/core';
import { countParams } from '@lowres/metrics';
import { type PluginReference, type TrainConfigInput, train } from '@lowres/trainer';
import { loadDegradedFashionMnist } from './fashion-mnist';
import { markdownTable } from './markdown-table';
import { type ClassifierName, type ExampleOptions, parseOptions, resolveOptions, type SrName } from './options';

/** Down-scaling factor of the low-resolution images (28×28 → 14×14). */
const DEGRADE = 2;

/** The trainer settings of each SR front end: its registry reference, training mode and SR stage. */
export function srSetup(name: SrName, options: ExampleOptions): Pick<TrainConfigInput, 'sr' | 'mode' | 'pretrain'> {
  switch (name) {
    case 'none':
      return { sr: 'none', mode: 'classifier' };
    case 'bicubic':
      return { sr: { name: 'bicubic', options: { scale: 2 } }, mode: 'classifier' };
    case 'racnn':
      return { sr: { name: 'racnn', options: { scale: 2, init: 'gaussian', seed: options.seed } }, mode: 'end-to-end' };
    case 'wdsr-a': {
      const size = options.tiny ? { blocks: 1, features: 8, expansion: 2 } : {};
      return { sr: { name: 'wdsr-a', options: { scale: 2, seed: options.seed, ...size } }, mode: 'staged', pretrain: { epochs: options.epochs } };
    }
  }
}

/** The registry reference of each classifier back end (narrow variants with --tiny). */
export function classifierSetup(name: ClassifierName, options: ExampleOptions): PluginReference {
  switch (name) {
    case 'lrnet':
      return { name: 'lrnet', options: options.tiny ? { width: 0.125, head: [16] } : {} };
    case 'resnet18':
      return { name: 'resnet18', options: { smallInput: true } };
    case 'bagnet9':
      return { name: 'bagnet9', options: { width: options.tiny ? 1 / 16 : 0.25 } };
  }
}

/** One trained pair. */
export interface PairResult {
  sr: SrName;
  classifier: ClassifierName;
  mode: string;
  /** Size of the images the classifier saw, e.g. '28×28'. */
  classifierInput: string;
  srParameters: number;
  classifierParameters: number;
  testAccuracy: number;
  testMeanPerClassAccuracy: number;
  /** Wall time of `train` (both stages for WDSR-A), in seconds. */
  trainSeconds: number;
}

/** What {@link main} measured and wrote. */
export interface ExampleResult {
  backend: string;
  options: ExampleOptions;
  pairs: PairResult[];
  /** results.json with the table. */
  resultsFile: string;
}

/** Trains every requested pair and prints the comparison table. */
export async function main(input: Partial<ExampleOptions> = {}, log: (line: string) => void = console.log): Promise<ExampleResult> {
  const options = resolveOptions(input);
  const backend = await initBackend(options.backend);
  const trainImages = await loadDegradedFashionMnist(options.data, 'train', options.train, DEGRADE);
  const testImages = await loadDegradedFashionMnist(options.data, 'test', options.test, DEGRADE);
  log(`backend ${backend}; ${options.train} train / ${options.test} test images at ${trainImages.height}×${trainImages.width}, ${options.epochs} epoch(s)`);
  await mkdir(options.out, { recursive: true });

  const pairs: PairResult[] = [];
  for (const srName of options.sr) {
    for (const classifierName of options.classifiers) {
      const config: TrainConfigInput = {
        ...srSetup(srName, options),
        classifier: classifierSetup(classifierName, options),
        epochs: options.epochs,
        batchSize: options.batch,
        seed: options.seed,
        optimizer: { name: 'adam', learningRate: 1e-3 },
        batchNormRecalibration: options.bnRecalibration,
        outDir: join(options.out, `${srName}+${classifierName}`),
      };
      const started = performance.now();
      const result = await train(config, { data: { train: trainImages, test: testImages }, progress: null });
      const trainSeconds = (performance.now() - started) / 1000;
      const { model, srModel, classifierModel, classifierInput } = result.pipeline;
      pairs.push({
        sr: srName,
        classifier: classifierName,
        mode: result.config.mode,
        classifierInput: `${classifierInput.height}×${classifierInput.width}`,
        srParameters: countParams(srModel).total,
        classifierParameters: countParams(classifierModel).total,
        testAccuracy: result.test!.accuracy,
        testMeanPerClassAccuracy: result.test!.meanPerClassAccuracy,
        trainSeconds,
      });
      model.dispose();
      log(`  ${srName} + ${classifierName}: test accuracy ${(result.test!.accuracy * 100).toFixed(1)} % (${trainSeconds.toFixed(1)} s)`);
    }
  }

  log('');
  log(
    markdownTable(
      ['SR', 'classifier', 'mode', 'classifier input', 'SR params', 'classifier params', 'test acc', 'mean per-class', 'train s'],
      pairs.map((pair) => [
        pair.sr,
        pair.classifier,
        pair.mode,
        pair.classifierInput,
        pair.srParameters.toLocaleString('en-US'),
        pair.classifierParameters.toLocaleString('en-US'),
        `${(pair.testAccuracy * 100).toFixed(1)} %`,
        `${(pair.testMeanPerClassAccuracy * 100).toFixed(1)} %`,
        pair.trainSeconds.toFixed(1),
      ]),
    ),
  );
  const resultsFile = join(options.out, 'results.json');
  await writeFile(resultsFile, `${JSON.stringify({ backend, options, pairs }, null, 2)}\n`);
  log(`\nruns and results.json in ${resolve(options.out)}`);
  return { backend, options, pairs, resultsFile };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(parseOptions(process.argv.slice(2)));
}

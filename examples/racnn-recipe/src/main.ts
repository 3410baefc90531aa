/**
 * RACNN on degraded Fashion-MNIST: images are bicubic-down-scaled to 14×14 and back up to 28×28
 * (the paper's 50×50 → 227×227, scaled down), then classified by LR-Net three ways:
 *   - LR-Net alone on the bicubic images (the baseline);
 *   - g-RACNN: RACNN's residual SR layers in front, Gaussian init, trained end to end;
 *   - p-RACNN: the SR layers first pre-trained on LR/HR pairs, then trained end to end.
 * `racnnRecipe` supplies the settings (SGD with momentum, weight decay, per-layer learning-rate
 * multipliers, the pre-training stage); @lowres/trainer runs them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ClassifierBackEnd, initBackend } from '@lowres/core';
import { lrnet } from '@lowres/lrnet';
import { psnr } from '@lowres/metrics';
import { pretrainSr, racnnRecipe, racnnSr, saveSrWeights } from '@lowres/racnn';
import { createRegistry, identitySr, type ImageDataset, type TrainConfigInput, train } from '@lowres/trainer';
import * as tf from '@tensorflow/tfjs';
import { FASHION_MNIST_CLASSES, loadDegradedSplit } from './fashion-mnist';
import { racnnLayerRules } from './layer-rules';
import { markdownTable } from './markdown-table';
import { type ExampleOptions, parseOptions, resolveOptions } from './options';

const INPUT_SIZE = 28;
const LOW_SIZE = 14;

/** One trained method. */
export interface MethodResult {
  method: string;
  srParameters: number;
  /** The paper's metric: mean of per-class accuracies on the test images. */
  meanPerClassAccuracy: number;
  accuracy: number;
  trainSeconds: number;
}

/** What {@link main} measured and wrote. */
export interface ExampleResult {
  backend: string;
  options: ExampleOptions;
  /** Test PSNR (dB) of the bicubic images and of the pre-trained SR layers' output, against HR. */
  pretraining: { bicubicPsnr: number; srPsnr: number; epochLosses: number[]; weightsDir: string };
  methods: MethodResult[];
  resultsFile: string;
}

/** Pre-trains RACNN's SR layers, trains the three methods and prints the table. */
export async function main(input: Partial<ExampleOptions> = {}, log: (line: string) => void = console.log): Promise<ExampleResult> {
  const options = resolveOptions(input);
  const backend = await initBackend(options.backend);
  log(`backend ${backend}; ${options.train} train / ${options.test} test images, ${INPUT_SIZE} → ${LOW_SIZE} → ${INPUT_SIZE} bicubic`);
  const trainSplit = await loadDegradedSplit(options.data, 'train', options.train, LOW_SIZE);
  const testSplit = await loadDegradedSplit(options.data, 'test', options.test, LOW_SIZE);
  await mkdir(options.out, { recursive: true });
  const backbone = lrnet(options.tiny ? { width: 0.125, head: [16], seed: options.seed } : { seed: options.seed });
  const shared = { backbone, inputSize: INPUT_SIZE, lowResolutionSize: LOW_SIZE, channels: 1, learningRate: options.learningRate, epochs: options.epochs, batch: options.batch, seed: options.seed };

  // p-RACNN, step 1: pre-train the SR layers on LR/HR pairs with the recipe's pre-training settings.
  const stage = racnnRecipe({ ...shared, init: 'pretrained' }).pretrain!;
  const srModel = racnnSr({ scale: 1, channels: 1, seed: options.seed }).build({ height: INPUT_SIZE, width: INPUT_SIZE, channels: 1 });
  const { epochLosses } = await pretrainSr(
    srModel,
    { lowResolution: trainSplit.lowResolution, highResolution: trainSplit.highResolution },
    { epochs: options.pretrainEpochs, batch: stage.batch, learningRate: stage.learningRate, optimizer: stage.optimizer, loss: stage.loss, multipliers: stage.multipliers, seed: options.seed },
  );
  const restored = srModel.predict(testSplit.lowResolution) as tf.Tensor4D;
  const pretraining = {
    bicubicPsnr: psnr(testSplit.lowResolution, testSplit.highResolution, { cropBorder: 2 }).mean,
    srPsnr: psnr(restored, testSplit.highResolution, { cropBorder: 2 }).mean,
    epochLosses,
    weightsDir: join(options.out, 'p-racnn-sr-weights'),
  };
  restored.dispose();
  await saveSrWeights(srModel, pretraining.weightsDir);
  srModel.dispose();
  log(`SR pre-training: loss ${epochLosses.map((loss) => loss.toFixed(4)).join(' → ')}; test PSNR bicubic ${pretraining.bicubicPsnr.toFixed(2)} dB, SR ${pretraining.srPsnr.toFixed(2)} dB`);

  // Step 2: the baseline and both RACNN variants, each trained by @lowres/trainer.
  const data = { train: toDataset(trainSplit.lowResolution, trainSplit.labels), test: toDataset(testSplit.lowResolution, testSplit.labels) };
  tf.dispose([trainSplit.highResolution, trainSplit.lowResolution, testSplit.highResolution, testSplit.lowResolution]);
  const lastLayer = lastLayerWithWeights(backbone);
  const runs = [
    { method: 'LR-Net on bicubic', recipe: racnnRecipe({ ...shared, init: 'gaussian' }), withSr: false },
    { method: 'g-RACNN + LR-Net', recipe: racnnRecipe({ ...shared, init: 'gaussian' }), withSr: true },
    { method: 'p-RACNN + LR-Net', recipe: racnnRecipe({ ...shared, init: 'pretrained', weights: pretraining.weightsDir }), withSr: true },
  ];
  const methods: MethodResult[] = [];
  for (const { method, recipe, withSr } of runs) {
    // The recipe's SR front end and back end are registered under plain names for the config.
    const registry = createRegistry({ sr: { racnn: recipe.sr, none: identitySr }, classifiers: { lrnet: backbone } });
    const multipliers = withSr ? recipe.multipliers : recipe.multipliers.filter((entry) => entry.layer === 'classifier' || entry.layer === 'classifier-last');
    const config: TrainConfigInput = {
      mode: withSr ? 'end-to-end' : 'classifier',
      sr: withSr ? 'racnn' : 'none',
      classifier: 'lrnet',
      epochs: recipe.epochs,
      batchSize: recipe.batch,
      seed: recipe.seed,
      optimizer: { name: 'sgd', learningRate: recipe.optimizer.learningRate, momentum: recipe.optimizer.momentum },
      weightDecay: recipe.optimizer.weightDecay,
      layers: racnnLayerRules(multipliers, lastLayer),
      batchNormRecalibration: options.bnRecalibration,
      outDir: join(options.out, method.split(' ')[0]!.toLowerCase()),
    };
    const started = performance.now();
    const result = await train(config, { data, registry, progress: null });
    const trainSeconds = (performance.now() - started) / 1000;
    methods.push({
      method,
      srParameters: result.pipeline.srModel.countParams(),
      meanPerClassAccuracy: result.test!.meanPerClassAccuracy,
      accuracy: result.test!.accuracy,
      trainSeconds,
    });
    result.pipeline.model.dispose();
    log(`  ${method}: mean per-class accuracy ${(result.test!.meanPerClassAccuracy * 100).toFixed(1)} %`);
  }

  log('');
  log(
    markdownTable(
      ['method', 'SR params', 'mean per-class acc', 'accuracy', 'train s'],
      methods.map((row) => [
        row.method,
        row.srParameters.toLocaleString('en-US'),
        `${(row.meanPerClassAccuracy * 100).toFixed(1)} %`,
        `${(row.accuracy * 100).toFixed(1)} %`,
        row.trainSeconds.toFixed(1),
      ]),
    ),
  );
  const resultsFile = join(options.out, 'results.json');
  await writeFile(resultsFile, `${JSON.stringify({ backend, options, pretraining, methods }, null, 2)}\n`);
  log(`\nruns, SR weights and results.json in ${resolve(options.out)}`);
  return { backend, options, pretraining, methods, resultsFile };
}

/** Float images [N,28,28,1] and labels as the trainer's in-memory dataset. */
function toDataset(images: tf.Tensor4D, labels: Uint8Array): ImageDataset {
  const [count, height, width, channels] = images.shape;
  return { images: new Float32Array(images.dataSync()), labels, count, height, width, channels, classes: 10, classNames: FASHION_MNIST_CLASSES };
}

/** Name of the back end's last layer with weights (the layer RACNN's 'classifier-last' role means). */
function lastLayerWithWeights(classifier: ClassifierBackEnd): string {
  const model = classifier.build({ height: INPUT_SIZE, width: INPUT_SIZE, channels: 1 }, FASHION_MNIST_CLASSES.length);
  const name = model.layers.filter((layer) => layer.weights.length > 0).at(-1)!.name;
  model.dispose();
  return name;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(parseOptions(process.argv.slice(2)));
}

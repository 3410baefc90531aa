/**
 * Fashion-MNIST ×2 experiment: HR 28×28 images, LR 14×14 by MATLAB-exact bicubic down-scaling; trains
 * WDSR-A with plain L1 (α = 0) and with the high-frequency weight map (α = 1/5) for the same budget and
 * compares PSNR/SSIM (cropBorder = scale, SR output clipped to [0,1]) with bicubic up-scaling.
 *
 *   npx tsx --conditions @lowres/source scripts/experiment.ts --train 2000 --test 500 --epochs 5 [--batch 16] [--learning-rate 1e-3]
 *     [--seed 1] [--backend wasm|cpu|tensorflow] [--data /usr/share/datasets/fashion-mnist] [--out dir]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BackendName, imresize, initBackend } from '@lowres/core';
import { loadMnistFamily } from '@lowres/datasets';
import { highFrequencyEnergyShare, pngByteSize, psnr, ssim } from '@lowres/metrics';
import * as tf from '@tensorflow/tfjs';
import { markdownTable } from 'markdown-table';
import {
  initialWeightMap,
  renderWeightMapPng,
  selectedShare,
  trainSr,
  upscaleDataset,
  wdsrA,
  weightMap,
} from '../src/index';

const { values: args } = parseArgs({
  options: {
    train: { type: 'string', default: '2000' },
    test: { type: 'string', default: '500' },
    epochs: { type: 'string', default: '5' },
    batch: { type: 'string', default: '16' },
    'learning-rate': { type: 'string', default: '0.001' },
    seed: { type: 'string', default: '1' },
    backend: { type: 'string' },
    data: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
    out: { type: 'string' },
  },
});

const SCALE = 2;
const ALPHAS = [0, 1 / 5];
const trainCount = Number(args.train);
const testCount = Number(args.test);
const epochs = Number(args.epochs);
const batch = Number(args.batch);
const learningRate = Number(args['learning-rate']);
const seed = Number(args.seed);

interface Row {
  method: string;
  psnr: number;
  ssim: number;
  pixelsUsed: string;
  trainSeconds: string;
  finalLoss: string;
  pngBytesPerImage: number;
  highFrequencyShare: number;
}

/** First `count` images of a split as HR [count,28,28,1] in [0,1] and bicubic LR [count,14,14,1]. */
async function loadPairs(split: 'train' | 'test', count: number): Promise<{ hr: tf.Tensor4D; lr: tf.Tensor4D }> {
  const dataset = await loadMnistFamily(args.data!, split);
  const used = Math.min(count, dataset.count);
  const { height, width, channels } = dataset;
  const hr = tf.tidy(() =>
    tf.tensor4d(dataset.images.subarray(0, used * height * width * channels), [used, height, width, channels], 'int32').toFloat().div(255),
  ) as tf.Tensor4D;
  return { hr, lr: imresize(hr, { scale: 1 / SCALE, method: 'bicubic', antialias: true }) };
}

function quality(method: string, output: tf.Tensor4D, hr: tf.Tensor4D): Omit<Row, 'pixelsUsed' | 'trainSeconds' | 'finalLoss'> {
  return {
    method,
    psnr: psnr(output, hr, { cropBorder: SCALE }).mean,
    ssim: ssim(output, hr, { cropBorder: SCALE }).mean,
    pngBytesPerImage: pngByteSize(output, { clip: true }).meanBytes,
    highFrequencyShare: highFrequencyEnergyShare(output).mean,
  };
}

async function main(): Promise<void> {
  const backend = await initBackend(args.backend as BackendName | undefined);
  console.log(`backend ${backend}; train ${trainCount}, test ${testCount}, epochs ${epochs}, batch ${batch}, lr ${learningRate}, seed ${seed}`);
  const train = await loadPairs('train', trainCount);
  const test = await loadPairs('test', testCount);
  const lrShape = { height: train.lr.shape[1], width: train.lr.shape[2], channels: train.lr.shape[3] };

  const rows: Row[] = [];
  const bicubic = tf.tidy(() => imresize(test.lr, { scale: SCALE, method: 'bicubic' }).clipByValue(0, 1) as tf.Tensor4D);
  rows.push({ ...quality('bicubic ×2', bicubic, test.hr), pixelsUsed: '-', trainSeconds: '-', finalLoss: '-' });
  bicubic.dispose();
  const reference = quality('HR (reference)', test.hr, test.hr);

  for (const alpha of ALPHAS) {
    const model = wdsrA({ scale: SCALE, seed }).build(lrShape);
    const started = performance.now();
    const history = await trainSr(model, train, {
      alpha,
      epochs,
      batch,
      learningRate,
      seed,
      onProgress: ({ epoch, step, steps, loss }) => {
        if (step === steps - 1 || step % 50 === 0) console.log(`  α=${alpha.toFixed(3)} epoch ${epoch + 1}/${epochs} step ${step + 1}/${steps} loss ${loss.toFixed(5)}`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const upscaled = await upscaleDataset(model, test.lr, { batch: 64, clip: true });
    const output = tf.tensor4d(upscaled.data, [upscaled.count, upscaled.height, upscaled.width, upscaled.channels]);
    const share = history.selectedShares.reduce((sum, value) => sum + value, 0) / history.selectedShares.length;
    rows.push({
      ...quality(alpha === 0 ? 'WDSR-A (α = 0)' : `WDSR-A HF-weighted (α = 1/${Math.round(1 / alpha)})`, output, test.hr),
      pixelsUsed: `${(share * 100).toFixed(2)} %`,
      trainSeconds: seconds.toFixed(1),
      finalLoss: history.losses[history.losses.length - 1]!.toFixed(5),
    });
    output.dispose();
    model.dispose();
  }

  const table = [
    ['method', 'PSNR (dB)', 'SSIM', 'pixels used', 'train s', 'final loss', 'PNG bytes/img', 'HF energy share'],
    ...rows.map((row) => [
      row.method,
      row.psnr.toFixed(3),
      row.ssim.toFixed(4),
      row.pixelsUsed,
      row.trainSeconds,
      row.finalLoss,
      row.pngBytesPerImage.toFixed(1),
      row.highFrequencyShare.toFixed(4),
    ]),
    [reference.method, '∞', '1', '-', '-', '-', reference.pngBytesPerImage.toFixed(1), reference.highFrequencyShare.toFixed(4)],
  ];
  console.log(`\n${markdownTable(table, { alignDelimiters: false })}`);

  const shares = [0, 1 / 7, 1 / 5, 1 / 3].map((alpha) => {
    const map = weightMap(train.hr, { alpha });
    const value = selectedShare(map);
    map.dispose();
    return `α=${alpha.toFixed(3)}: ${(value * 100).toFixed(2)} %`;
  });
  console.log(`\nShare of HR training pixels selected by the weight map: ${shares.join(', ')}`);

  if (args.out !== undefined) {
    await mkdir(args.out, { recursive: true });
    const first = tf.tidy(() => test.hr.slice([0, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D);
    const initial = initialWeightMap(first);
    const binary = weightMap(first, { alpha: 1 / 5 });
    await writeFile(join(args.out, 'weight-map-initial.png'), renderWeightMapPng(initial));
    await writeFile(join(args.out, 'weight-map-alpha-0.2.png'), renderWeightMapPng(binary));
    await writeFile(join(args.out, 'results.json'), `${JSON.stringify({ backend, trainCount, testCount, epochs, batch, learningRate, seed, rows }, null, 2)}\n`);
    tf.dispose([first, initial, binary]);
    console.log(`wrote ${args.out}/results.json and weight-map PNGs`);
  }
  tf.dispose([train.hr, train.lr, test.hr, test.lr]);
}

await main();

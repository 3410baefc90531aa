/**
 * High-frequency weighted super-resolution on Fashion-MNIST: HR 28×28 images are bicubic-down-scaled
 * to 14×14 and WDSR-A ×2 learns to restore them, once per weight-map band α (0 = plain L1). Every
 * method, bicubic up-scaling included, is scored with PSNR/SSIM and with the paper's high-frequency
 * evidence (PNG size, spectral energy above 0.25 cycles/pixel); weight maps are written as PNGs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { imresize, initBackend } from '@lowres/core';
import {
  initialWeightMap,
  selectedShare,
  trainSr,
  upscaleDataset,
  wdsrA,
  weightMap,
} from '@lowres/hf-weighted-sr';
import { highFrequencyEnergyShare, pngByteSize, psnr, radialPowerSpectrum, spectrumPng, ssim } from '@lowres/metrics';
import * as tf from '@tensorflow/tfjs';
import { loadFashionMnist } from './fashion-mnist';
import { markdownTable } from './markdown-table';
import { type ExampleOptions, parseOptions, resolveOptions } from './options';
import { writeImageStrip, writeWeightMapStrip } from './write-png';

/** The α values of the sweep (the paper's 0, 1/7, 1/5, 1/3). */
export const ALPHAS = [0, 1 / 7, 1 / 5, 1 / 3] as const;
const SCALE = 2;
const SAMPLES = 4;

/** Scores of one up-scaling method on the test images. */
export interface MethodResult {
  method: string;
  /** Weight-map band of the training loss; null for bicubic and the HR reference. */
  alpha: number | null;
  /** Mean PSNR in dB (border of 2 pixels cropped); +Infinity for the HR reference. */
  psnr: number;
  /** Mean SSIM (border of 2 pixels cropped). */
  ssim: number;
  /** Mean share of HR pixels the training loss used; null when nothing was trained. */
  pixelsUsed: number | null;
  /** Mean lossless PNG size of an up-scaled test image. */
  pngBytesPerImage: number;
  /** Mean share of spectral energy above 0.25 cycles/pixel. */
  highFrequencyShare: number;
  /** Training wall time in seconds; null when nothing was trained. */
  trainSeconds: number | null;
}

/** What {@link main} measured and wrote. */
export interface ExampleResult {
  backend: string;
  options: ExampleOptions;
  rows: MethodResult[];
  /** Share of the HR training pixels each α's weight map selects, keyed by α. */
  weightMapShares: { alpha: number; share: number }[];
  /** Paths of the files written. */
  files: string[];
}

/** Runs the α sweep and returns its table; `log` receives the progress lines and the table. */
export async function main(input: Partial<ExampleOptions> = {}, log: (line: string) => void = console.log): Promise<ExampleResult> {
  const options = resolveOptions(input);
  const backend = await initBackend(options.backend);
  log(`backend ${backend}; ${options.train} train / ${options.test} test images, ${options.epochs} epoch(s), batch ${options.batch}`);

  const trainHr = await loadFashionMnist(options.data, 'train', options.train);
  const testHr = await loadFashionMnist(options.data, 'test', options.test);
  // MATLAB-exact bicubic ×½ (with anti-aliasing), the usual SR degradation.
  const trainLr = imresize(trainHr, { scale: 1 / SCALE, method: 'bicubic', antialias: true });
  const testLr = imresize(testHr, { scale: 1 / SCALE, method: 'bicubic', antialias: true });
  const [, lrHeight, lrWidth, channels] = trainLr.shape;

  await mkdir(options.out, { recursive: true });
  const files: string[] = [];
  const spectra: { label: string; spectrum: ReturnType<typeof radialPowerSpectrum> }[] = [];
  const score = (method: string, images: tf.Tensor4D): Omit<MethodResult, 'alpha' | 'pixelsUsed' | 'trainSeconds'> => {
    spectra.push({ label: method, spectrum: radialPowerSpectrum(images) });
    return {
      method,
      psnr: psnr(images, testHr, { cropBorder: SCALE }).mean,
      ssim: ssim(images, testHr, { cropBorder: SCALE }).mean,
      pngBytesPerImage: pngByteSize(images, { clip: true }).meanBytes,
      highFrequencyShare: highFrequencyEnergyShare(images).mean,
    };
  };
  const samples = tf.tidy(() => testHr.slice([0, 0, 0, 0], [Math.min(SAMPLES, options.test), -1, -1, -1]) as tf.Tensor4D);
  files.push(await writeImageStrip(samples, samples.shape[0], options.out, 'hr.png'));

  const rows: MethodResult[] = [];
  const bicubic = tf.tidy(() => imresize(testLr, { scale: SCALE, method: 'bicubic' }).clipByValue(0, 1) as tf.Tensor4D);
  rows.push({ ...score('bicubic', bicubic), alpha: null, pixelsUsed: null, trainSeconds: null });
  files.push(await writeImageStrip(bicubic, samples.shape[0], options.out, 'sr-bicubic.png'));
  bicubic.dispose();

  for (const alpha of ALPHAS) {
    const label = `WDSR-A α=${alphaName(alpha)}`;
    const frontEnd = options.tiny
      ? wdsrA({ scale: SCALE, blocks: 1, features: 8, expansion: 2, seed: options.seed })
      : wdsrA({ scale: SCALE, seed: options.seed });
    const model = frontEnd.build({ height: lrHeight, width: lrWidth, channels });
    const started = performance.now();
    const history = await trainSr(model, { lr: trainLr, hr: trainHr }, {
      alpha,
      epochs: options.epochs,
      batch: options.batch,
      seed: options.seed,
      onProgress: ({ epoch, step, steps, loss }) => {
        if (step === steps - 1) log(`  ${label}: epoch ${epoch + 1}/${options.epochs} loss ${loss.toFixed(5)}`);
      },
    });
    const trainSeconds = (performance.now() - started) / 1000;
    const upscaled = await upscaleDataset(model, testLr, { batch: 64, clip: true });
    model.dispose();
    const output = tf.tensor4d(upscaled.data, [upscaled.count, upscaled.height, upscaled.width, upscaled.channels]);
    const pixelsUsed = mean(history.selectedShares);
    rows.push({ ...score(label, output), alpha, pixelsUsed, trainSeconds });
    files.push(await writeImageStrip(output, samples.shape[0], options.out, `sr-wdsr-a-alpha-${fileAlpha(alpha)}.png`));
    output.dispose();
  }
  rows.push({ ...score('HR (reference)', testHr), alpha: null, pixelsUsed: null, trainSeconds: null });

  // Weight maps of the sample images: the signed initial map, then the binary map at every α.
  const initial = initialWeightMap(samples);
  files.push(await writeWeightMapStrip(initial, options.out, 'weight-map-initial.png'));
  initial.dispose();
  const weightMapShares: ExampleResult['weightMapShares'] = [];
  for (const alpha of ALPHAS) {
    const map = weightMap(samples, { alpha });
    files.push(await writeWeightMapStrip(map, options.out, `weight-map-alpha-${fileAlpha(alpha)}.png`));
    map.dispose();
    const trainMap = weightMap(trainHr, { alpha });
    weightMapShares.push({ alpha, share: selectedShare(trainMap) });
    trainMap.dispose();
  }
  const spectrumFile = join(options.out, 'spectrum.png');
  await writeFile(spectrumFile, spectrumPng(spectra, { title: 'RADIAL POWER SPECTRUM' }));
  files.push(spectrumFile);
  tf.dispose([trainHr, trainLr, testHr, testLr, samples]);

  log('');
  log(
    markdownTable(
      ['method', 'PSNR dB', 'SSIM', 'pixels used', 'PNG bytes/img', 'HF energy', 'train s'],
      rows.map((row) => [
        row.method,
        Number.isFinite(row.psnr) ? row.psnr.toFixed(2) : '∞',
        row.ssim.toFixed(4),
        row.pixelsUsed === null ? '-' : `${(row.pixelsUsed * 100).toFixed(1)} %`,
        row.pngBytesPerImage.toFixed(1),
        row.highFrequencyShare.toFixed(4),
        row.trainSeconds === null ? '-' : row.trainSeconds.toFixed(1),
      ]),
    ),
  );
  log(`\nHR training pixels selected: ${weightMapShares.map(({ alpha, share }) => `α=${alphaName(alpha)} ${(share * 100).toFixed(1)} %`).join(', ')}`);

  const resultsFile = join(options.out, 'results.json');
  await writeFile(resultsFile, `${JSON.stringify({ backend, options, rows, weightMapShares }, null, 2)}\n`);
  files.push(resultsFile);
  log(`wrote ${files.length} files to ${resolve(options.out)}`);
  return { backend, options, rows, weightMapShares, files };
}

/** '0', '1/7', '1/5', '1/3'. */
function alphaName(alpha: number): string {
  return alpha === 0 ? '0' : `1/${Math.round(1 / alpha)}`;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** '0', '1-7', '1-5', '1-3' (for file names). */
function fileAlpha(alpha: number): string {
  return alphaName(alpha).replace('/', '-');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(parseOptions(process.argv.slice(2)));
}

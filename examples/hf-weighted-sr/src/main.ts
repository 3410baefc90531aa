/**
 * High-frequency weighted super-resolution on Fashion-MNIST, 28×28 → 14×14 → 28×28: once per
 * weight-map band α (0 = plain L1), WDSR-A ×2 is trained on LR/HR pairs with its weighted L1 loss and
 * LR-Net then learns on its up-scaled images (staged mode, as in the HF-weighted SR paper) — one
 * config handed to @lowres/trainer's `train` with the default registry, as `lowres train` does. The
 * up-scaled test images are scored against HR with PSNR/SSIM and the paper's high-frequency evidence.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultRegistry, loadImageData } from '@lowres/cli';
import { imresize, initBackend } from '@lowres/core';
import { highFrequencyEnergyShare, pngByteSize, psnr, ssim } from '@lowres/metrics';
import { parseTrainConfig, train } from '@lowres/trainer';
import * as tf from '@tensorflow/tfjs';
import { markdownTable } from 'markdown-table';

/** The α values of the sweep (the paper's 0, 1/7, 1/5, 1/3). */
export const ALPHAS = [0, 1 / 7, 1 / 5, 1 / 3] as const;
const alphaName = (alpha: number) => (alpha === 0 ? '0' : `1/${Math.round(1 / alpha)}`);
const flags = { epochs: { type: 'string' }, 'sr-epochs': { type: 'string' }, train: { type: 'string' }, test: { type: 'string' },
  batch: { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' }, data: { type: 'string' },
  out: { type: 'string', default: 'runs/hf-weighted-sr' }, tiny: { type: 'boolean', default: false } } as const;

/** Runs the α sweep with the given command-line flags (`--tiny`: seconds) and prints its table. */
export async function main(argv: readonly string[], log: (line: string) => void = console.log) {
  const { values } = parseArgs({ args: argv.filter((arg) => arg !== '--'), options: flags, strict: true });
  const number = (flag: keyof typeof values, normal: number, small: number) => Number(values[flag] ?? (values.tiny ? small : normal));
  const seed = number('seed', 1, 1);
  const dataset = { name: values.data ? 'fashion-mnist' : 'fashion-mnist-mini', dir: values.data, limit: number('train', 3000, 24), testLimit: number('test', 1000, 8) };
  const configs = ALPHAS.map((alpha) => parseTrainConfig({
    mode: 'staged', sr: { name: 'wdsr-a', options: { scale: 2, alpha, seed, ...(values.tiny ? { blocks: 1, features: 8, expansion: 2 } : {}) } },
    classifier: { name: 'lrnet', options: values.tiny ? { width: 0.125, head: [16] } : { width: 0.25 } }, dataset, lowResolution: { factor: 2 },
    pretrain: { epochs: number('sr-epochs', 3, 1) }, epochs: number('epochs', 2, 1), batchSize: number('batch', 16, 8), seed,
    optimizer: { name: 'adam', learningRate: 1e-3 }, outDir: join(values.out, `alpha-${alphaName(alpha).replace('/', '-')}`),
  }));
  const backend = await initBackend(values.backend);
  const data = await loadImageData({ dataset: dataset.name, dataDir: dataset.dir, limit: dataset.limit, testLimit: dataset.testLimit });
  const hr = tf.tidy(() => tf.tensor4d(Float32Array.from(data.test.images), [data.test.count, data.test.height, data.test.width, 1]).div(255) as tf.Tensor4D);
  const lr = imresize(hr, { scale: 1 / 2, method: 'bicubic', antialias: true });
  const rows: { method: string; alpha: number | null; psnr: number; ssim: number; pngBytes: number; highFrequencyShare: number; testAccuracy: number | null }[] = [];
  const score = (method: string, alpha: number | null, images: tf.Tensor4D, testAccuracy: number | null) => {
    rows.push({ method, alpha, psnr: psnr(images, hr, { cropBorder: 2 }).mean, ssim: ssim(images, hr, { cropBorder: 2 }).mean, pngBytes: pngByteSize(images, { clip: true }).meanBytes, highFrequencyShare: highFrequencyEnergyShare(images).mean, testAccuracy });
    images.dispose();
  };
  score('bicubic', null, tf.tidy(() => imresize(lr, { scale: 2, method: 'bicubic' }).clipByValue(0, 1) as tf.Tensor4D), null);
  for (const config of configs) {
    const { pipeline, test } = await train(config, { data, registry: defaultRegistry, progress: null });
    const alpha = ALPHAS[configs.indexOf(config)]!;
    score(`WDSR-A α=${alphaName(alpha)}`, alpha, tf.tidy(() => (pipeline.srModel.predict(lr) as tf.Tensor4D).clipByValue(0, 1) as tf.Tensor4D), test!.accuracy);
    pipeline.model.dispose();
  }
  score('HR (reference)', null, hr.clone(), null);
  tf.dispose([hr, lr]);
  const table = rows.map((row) => [row.method, Number.isFinite(row.psnr) ? row.psnr.toFixed(2) : '∞', row.ssim.toFixed(4), row.pngBytes.toFixed(1), row.highFrequencyShare.toFixed(4), row.testAccuracy === null ? '-' : `${(row.testAccuracy * 100).toFixed(1)} %`]);
  log(`backend ${backend}; run folders (report, SR samples, weight maps) in ${values.out}\n\n${markdownTable([['method', 'PSNR dB', 'SSIM', 'PNG bytes/img', 'HF energy', 'LR-Net test acc'], ...table])}`);
  return { backend, rows };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Registry, train } from '@lowres/trainer';
import { demoConfig } from '../recipes/demo';
import { recordBackendOnStart, startBackend } from '../backend-session';
import type { CliIO } from '../cli-io';
import { readNumericFlags } from '../flags';
import { runStoppable, shellQuote } from '../graceful-stop';
import { loadImageData } from '../load-data';
import { recalibrationNote, warnTo } from './train-command';

type Values = Record<string, string | boolean | string[] | undefined>;

/** Where Debian's dataset-fashion-mnist package installs the full dataset. */
const FULL_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

/**
 * `lowres demo`: RACNN-SR ×2 (g- init) + LR-Net trained end to end on the embedded Fashion-MNIST
 * subset degraded 28→14, on the best backend; prints the report path and the held-out test accuracy.
 */
export async function demoCommand(values: Values, registry: Registry, io: CliIO): Promise<number> {
  const flags = readNumericFlags(values);
  const outDir = typeof values.out === 'string' ? values.out : join('runs', 'demo');
  const config = demoConfig({ outDir, ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}), ...(flags.limit !== undefined ? { limit: flags.limit } : {}) });
  const report = await startBackend(values, io);
  const backend = report.backend;
  const data = await loadImageData({ dataset: 'fashion-mnist-mini', limit: flags.limit, testLimit: flags.limit });
  io.stdout.write(
    `demo: RACNN-SR ×2 + LR-Net, end to end on fashion-mnist-mini degraded 28→14 (${data.train.count} train / ${data.test.count} test images), ${config.epochs} epoch(s) on ${backend}\n`,
  );
  const again = ['lowres demo --out', shellQuote(outDir), '--resume', ...(flags.epochs !== undefined ? ['--epochs', String(flags.epochs)] : [])];
  return runStoppable(io, [...again, ...(flags.limit !== undefined ? ['--limit', String(flags.limit)] : [])].join(' '), async (signal) => {
    const started = performance.now();
    const result = await train(config, { data, registry, resume: values.resume === true, overwrite: values.overwrite === true, progress: io.stdout, signal, warn: warnTo(io), callbacks: recordBackendOnStart(outDir, report) });
    const seconds = (performance.now() - started) / 1000;
    io.stdout.write(`report: ${join(outDir, 'report.md')}\n`);
    if (result.config.batchNormRecalibration > 0) io.stdout.write(`${recalibrationNote(result.config.batchNormRecalibration)}\n`);
    if (result.test) {
      io.stdout.write(`test accuracy on the ${result.test.labels.length} held-out images: ${(result.test.accuracy * 100).toFixed(2)} % (${seconds.toFixed(0)} s)\n`);
    }
    if (existsSync(FULL_FASHION_MNIST)) {
      io.stdout.write(
        `the same on the full Fashion-MNIST: lowres train --config ${shellQuote(join(outDir, 'config.json'))} --dataset ${FULL_FASHION_MNIST} --out ${shellQuote(`${outDir}-full`)}\n`,
      );
    }
    return 0;
  });
}

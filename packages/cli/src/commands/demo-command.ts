import { InvalidArgumentError } from '@lowres/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Registry, train } from '@lowres/trainer';
import { DEBIAN_FASHION_MNIST, type DemoSource, demoConfig } from '../recipes/demo';
import { recordBackendOnStart, startBackend } from '../backend-session';
import type { CliIO } from '../cli-io';
import { readNumericFlags } from '../flags';
import { runStoppable, shellQuote } from '../graceful-stop';
import { checkDataRequest, loadImageData } from '../load-data';
import { recalibrationNote, warnTo } from './train-command';

type Values = Record<string, string | boolean | string[] | undefined>;

/** The full set from --data-dir, else Debian's when installed, else (or with --mini) the embedded subset. */
function demoSource(values: Values): DemoSource {
  if (values.mini === true) return { kind: 'mini' };
  if (typeof values['data-dir'] === 'string') return { kind: 'full', dir: values['data-dir'] };
  return existsSync(DEBIAN_FASHION_MNIST) ? { kind: 'full', dir: DEBIAN_FASHION_MNIST } : { kind: 'mini' };
}

/**
 * `lowres demo`: RACNN-SR ×2 (g- init) + LR-Net trained end to end on Fashion-MNIST degraded 28→14
 * (a slice of the full set when present, else the embedded subset), on the best backend; prints the
 * report path and the held-out test accuracy.
 */
export async function demoCommand(values: Values, registry: Registry, io: CliIO): Promise<number> {
  if (values.mini === true && values['data-dir'] !== undefined) {
    throw new InvalidArgumentError('--mini', 'takes the embedded subset, so it cannot be combined with --data-dir');
  }
  const flags = readNumericFlags(values);
  const outDir = typeof values.out === 'string' ? values.out : join('runs', 'demo');
  const source = demoSource(values);
  const config = demoConfig({ source, outDir, ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}), ...(flags.limit !== undefined ? { limit: flags.limit } : {}) });
  const dataset = config.dataset as { limit?: number; testLimit?: number };
  const request = source.kind === 'full' ? { dataset: 'fashion-mnist', dataDir: source.dir } : { dataset: 'fashion-mnist-mini' };
  await checkDataRequest(request);
  const report = await startBackend(values, io);
  const backend = report.backend;
  const data = await loadImageData({ ...request, limit: dataset.limit, testLimit: dataset.testLimit });
  const from = source.kind === 'full' ? `Fashion-MNIST (${source.dir})` : 'fashion-mnist-mini';
  io.stdout.write(
    `demo: RACNN-SR ×2 + LR-Net, end to end on ${from} degraded 28→14 (${data.train.count} train / ${data.test.count} test images), ${config.epochs} epoch(s) on ${backend}\n`,
  );
  const sourceFlags = source.kind === 'mini' ? (values.mini === true ? ['--mini'] : []) : values['data-dir'] !== undefined ? ['--data-dir', shellQuote(source.dir)] : [];
  const again = ['lowres demo --out', shellQuote(outDir), '--resume', ...sourceFlags, ...(flags.epochs !== undefined ? ['--epochs', String(flags.epochs)] : [])];
  return runStoppable(io, [...again, ...(flags.limit !== undefined ? ['--limit', String(flags.limit)] : [])].join(' '), async (signal) => {
    const started = performance.now();
    const result = await train(config, { data, registry, resume: values.resume === true, overwrite: values.overwrite === true, progress: io.stdout, signal, warn: warnTo(io), callbacks: recordBackendOnStart(outDir, report) });
    const seconds = (performance.now() - started) / 1000;
    io.stdout.write(`report: ${join(outDir, 'report.md')}\n`);
    if (result.config.batchNormRecalibration > 0) io.stdout.write(`${recalibrationNote(result.config.batchNormRecalibration)}\n`);
    if (result.test) {
      io.stdout.write(`test accuracy on the ${result.test.labels.length} held-out images: ${(result.test.accuracy * 100).toFixed(2)} % (${seconds.toFixed(0)} s)\n`);
    }
    if (source.kind === 'mini' && existsSync(DEBIAN_FASHION_MNIST)) {
      io.stdout.write(
        `the same on the full Fashion-MNIST: lowres train --config ${shellQuote(join(outDir, 'config.json'))} --dataset ${DEBIAN_FASHION_MNIST} --out ${shellQuote(`${outDir}-full`)}\n`,
      );
    }
    return 0;
  });
}

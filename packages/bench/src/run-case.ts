import { backendReport, initBackend } from '@lowres/core';
import { measureThroughput } from '@lowres/engine';
import { loadLrnet } from './lrnet-model';

/** One row of the benchmark table, printed by a child process as a JSON line. */
export interface CaseResult {
  model: string;
  backend: string;
  threads: number;
  batch: number;
  /** Images per forward/backward pass of the training steps. */
  microBatch: number;
  trainImagesPerSecond: number;
  inferImagesPerSecond: number;
  /** Peak resident memory of the process (MiB), training and inference included. */
  peakRssMebibytes?: number;
  note?: string;
}

/** Runs one case in this process: `run-case.ts <backend> <threads> <batch> <steps> <warmup> [microBatch]`. */
async function main(): Promise<void> {
  const [backend, threads, batch, steps, warmup, microBatch] = process.argv.slice(2);
  try {
    await initBackend(backend, backend === 'wasm' || backend === 'native' ? { threads: Number(threads) } : {});
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(UNAVAILABLE_EXIT);
  }
  const { model, source, note } = await loadLrnet([28, 28, 1], 10);
  const options = { batch: Number(batch), steps: Number(steps), warmup: Number(warmup) };
  const micro = Math.min(options.batch, Number(microBatch ?? batch));
  const train = await measureThroughput(model, { ...options, microBatch: micro, mode: 'train' });
  const infer = await measureThroughput(model, { ...options, mode: 'infer' });
  model.dispose();
  const report = backendReport();
  const result: CaseResult = {
    model: `LR-Net (${source})`,
    backend: report?.backend ?? backend ?? '?',
    threads: report?.threads ?? Number(threads),
    batch: options.batch,
    microBatch: train.microBatch,
    trainImagesPerSecond: train.imagesPerSecond,
    inferImagesPerSecond: infer.imagesPerSecond,
    peakRssMebibytes: process.resourceUsage().maxRSS / 1024,
    ...(note ? { note } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Exit status of a case that ran out of memory (the wasm heap is at most 4 GB). */
export const OUT_OF_MEMORY_EXIT = 3;
/** Exit status of a case whose backend cannot start here (its reason is the last line of stderr). */
export const UNAVAILABLE_EXIT = 4;

function isOutOfMemory(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /out of memory|offset is out of bounds|Cannot allocate|Array buffer allocation failed|Aborted\(/i.test(text);
}

if (process.argv[1]?.endsWith('run-case.ts')) {
  try {
    await main();
  } catch (error) {
    if (!isOutOfMemory(error)) throw error;
    process.stderr.write(`out of memory: ${(error as Error).message}\n`);
    process.exit(OUT_OF_MEMORY_EXIT);
  }
}

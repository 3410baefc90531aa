import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backendReport, writeAtomically } from '@lowres/core';
import { countFlops, countParams } from '@lowres/metrics';
import type { ImageDataset } from '@lowres/datasets';
import { type Registry, train } from '@lowres/trainer';
import type { Job } from 'bullmq';
import { recordBackend } from '../backend-session';
import { folderOptions } from '../folder-options';
import { loadImageData } from '../load-data';
import type { SweepRun } from './expand-grid';
import { SWEEP_RESULT_FILE, type SweepResult, pluginLabel, readSweepResult } from './sweep-result';

/** File in a run directory that adds up the training time of its attempts, updated at every checkpoint. */
const TIME_FILE = 'sweep-time.json';

/** What a worker gives every job it runs. */
export interface SweepJobContext {
  /** Shared run root: the run goes to `<runs>/<run id>`. */
  runs: string;
  registry: Registry;
  /** This worker's name (host:pid), stored with progress and results. */
  worker: string;
  /** Where the run's log lines go besides the job's log (each prefixed with the run id). */
  output: { write(text: string): void };
  /** Milliseconds between progress reports to the job (default 1000). */
  progressEveryMs?: number;
}

type Data = { train: ImageDataset; test: ImageDataset };
let cached: { key: string; data: Data } | null = null;

/** Loads a run's data, reusing the previous job's when it asked for the same. */
async function dataFor(run: SweepRun): Promise<Data> {
  const dataset = run.config.dataset!;
  const request = { dataset: dataset.name, dataDir: dataset.dir, limit: run.data.limit, testLimit: run.data.testLimit, ...folderOptions(dataset.options) };
  const key = JSON.stringify(request);
  if (cached?.key !== key) cached = { key, data: await loadImageData(request) };
  return cached.data;
}

async function previousSeconds(outDir: string): Promise<number> {
  try {
    return (JSON.parse(await readFile(join(outDir, TIME_FILE), 'utf8')) as { seconds: number }).seconds;
  } catch {
    return 0;
  }
}

function degradationLabel(run: SweepRun): string {
  const low = run.config.lowResolution;
  if (!low) return 'none';
  return low.factor !== undefined ? `×${low.factor}` : `${low.size![0]}x${low.size![1]}`;
}

/**
 * Trains one sweep run with the trainer into `<runs>/<id>`, resuming from the run's last checkpoint
 * when an earlier attempt (on any machine) left one. Progress goes to the job; log lines to the job's
 * log and to `context.output`. Writes and returns the run's {@link SweepResult}; a run directory that
 * already holds one (the run finished before) returns it without training.
 */
export async function runSweepJob(job: Job<SweepRun>, context: SweepJobContext, signal: AbortSignal): Promise<SweepResult> {
  const run = job.data;
  const outDir = join(context.runs, run.id);
  // A run finished before (its queue lost, e.g. a new Redis on a new machine) is not trained again.
  const finished = await readSweepResult(outDir);
  if (finished) {
    const line = `finished before: ${join(outDir, SWEEP_RESULT_FILE)} holds its result, not trained again`;
    context.output.write(`[${run.id}] ${line}\n`);
    await job.log(line);
    return finished;
  }
  await mkdir(outDir, { recursive: true });
  const report = backendReport();
  if (report) await recordBackend(outDir, report);
  const pending: Promise<unknown>[] = [];
  const log = (line: string) => {
    context.output.write(`[${run.id}] ${line}\n`);
    pending.push(job.log(line).catch(() => undefined));
  };
  let partial = '';
  const progress = {
    isTTY: false,
    write(text: string) {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') log(line);
    },
  };
  // An earlier attempt (on any machine) left a run here: continue it from its last checkpoint.
  const resume = existsSync(join(outDir, 'config.json')) || existsSync(join(outDir, 'checkpoints'));
  const baseSeconds = resume ? await previousSeconds(outDir) : 0;
  const started = performance.now();
  const seconds = () => baseSeconds + (performance.now() - started) / 1000;
  log(`attempt ${job.attemptsStarted} on ${context.worker}: ${run.origin}${resume ? ', resuming' : ''}`);
  let resumedAtStep = 0;
  let lastProgress = 0;
  const result = await train(
    { ...run.config, outDir },
    {
      data: await dataFor(run),
      registry: context.registry,
      resume,
      // BullMQ's job lock makes this worker the run's only writer, even if an earlier worker on
      // another machine died holding the run directory's lock.
      takeOverLock: true,
      progress,
      signal,
      warn: (message) => log(`warning: ${message}`),
      callbacks: {
        onPhaseBegin: (info) => {
          resumedAtStep = Math.max(resumedAtStep, info.resumedAtStep);
        },
        onStepEnd: async (info) => {
          // A macrotask turn between steps, so that BullMQ's lock-renewal timers run during training.
          await new Promise((resolve) => setImmediate(resolve));
          if (performance.now() - lastProgress < (context.progressEveryMs ?? 1000)) return;
          lastProgress = performance.now();
          await job.updateProgress({ worker: context.worker, phase: info.phase, epoch: info.epoch, step: info.globalStep, loss: info.loss });
        },
        onCheckpoint: async () => {
          await writeFile(join(outDir, TIME_FILE), `${JSON.stringify({ seconds: seconds() })}\n`);
        },
      },
    },
  );
  const model = result.pipeline.model;
  const sweepResult: SweepResult = {
    id: run.id,
    origin: run.origin,
    worker: context.worker,
    sr: pluginLabel(run.config.sr),
    classifier: pluginLabel(run.config.classifier),
    dataset: run.config.dataset?.name ?? '',
    degradation: degradationLabel(run),
    mode: run.config.mode,
    seed: run.config.seed,
    accuracy: result.test?.accuracy ?? null,
    meanPerClassAccuracy: result.test?.meanPerClassAccuracy ?? null,
    parameters: countParams(model).total,
    flops: countFlops(model).floatingPointOperations,
    trainSeconds: seconds(),
    resumedAtStep,
    srQuality: result.srQuality,
  };
  model.dispose();
  await writeFile(join(outDir, TIME_FILE), `${JSON.stringify({ seconds: sweepResult.trainSeconds })}\n`);
  // Atomically: a worker killed mid-write must not leave a half result that reads as a finished run.
  await writeAtomically(join(outDir, SWEEP_RESULT_FILE), `${JSON.stringify(sweepResult, null, 2)}\n`);
  log(`done: test accuracy ${sweepResult.accuracy === null ? '–' : `${(sweepResult.accuracy * 100).toFixed(2)} %`}`);
  await Promise.all(pending);
  return sweepResult;
}

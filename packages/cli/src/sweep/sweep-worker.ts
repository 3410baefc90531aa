import { hostname } from 'node:os';
import { TrainingInterruptedError } from '@lowres/trainer';
import { type ConnectionOptions, type Job, WaitingError, Worker } from 'bullmq';
import type { SweepRun } from './expand-grid';
import { type SweepJobContext, runSweepJob } from './run-sweep-job';
import type { SweepResult } from './sweep-result';
import { SWEEP_QUEUE } from './sweep-queue';

/** Options of {@link startSweepWorker}. */
export interface SweepWorkerOptions extends Omit<SweepJobContext, 'worker'> {
  connection: ConnectionOptions;
  /** Jobs run at once in this process (default 1). */
  concurrency?: number;
  /**
   * A job whose worker has not renewed its lock for this long is stalled and goes back to the queue
   * for another worker (default 30). Must exceed the longest training step.
   */
  stallSeconds?: number;
  /** Times a job may stall before it fails (default 3). */
  maxStalls?: number;
  /** Worker name (default host:pid). */
  name?: string;
}

/** A running sweep worker. */
export interface SweepWorker {
  readonly worker: Worker<SweepRun, SweepResult>;
  readonly name: string;
  /**
   * Graceful stop: running jobs write a checkpoint at their next step and go back to the queue
   * (no attempt is used up), then the worker disconnects.
   */
  stop(): Promise<void>;
}

/**
 * Takes sweep jobs from the queue and trains them with {@link runSweepJob}. A job whose lock this
 * worker loses (it was declared stalled, e.g. while Redis was away) is stopped at a checkpoint, so a
 * run directory never has two trainers.
 */
export function startSweepWorker(options: SweepWorkerOptions): SweepWorker {
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const stopping = new AbortController();
  const lockLost = new Map<string, AbortController>();
  const stallMs = (options.stallSeconds ?? 30) * 1000;
  const context: SweepJobContext = { ...options, worker: name };
  const processor = async (job: Job<SweepRun>, token: string | undefined, cancelled?: AbortSignal): Promise<SweepResult> => {
    const lost = new AbortController();
    lockLost.set(job.id!, lost);
    const signal = AbortSignal.any([stopping.signal, lost.signal, ...(cancelled ? [cancelled] : [])]);
    try {
      return await runSweepJob(job, context, signal);
    } catch (error) {
      if (TrainingInterruptedError.isInstance(error) && stopping.signal.aborted && !lost.signal.aborted) {
        await job.log(`worker ${name} stopping: checkpoint at step ${error.step}, job back in the queue`);
        await job.moveToWait(token);
        throw new WaitingError();
      }
      throw error;
    } finally {
      lockLost.delete(job.id!);
    }
  };
  const worker = new Worker<SweepRun, SweepResult>(SWEEP_QUEUE, processor, {
    connection: options.connection,
    concurrency: options.concurrency ?? 1,
    lockDuration: stallMs,
    stalledInterval: stallMs,
    maxStalledCount: options.maxStalls ?? 3,
    name,
  });
  worker.on('lockRenewalFailed', (ids: string[]) => {
    for (const id of ids) lockLost.get(id)?.abort();
  });
  worker.on('failed', (job, error) => {
    if (job) options.output.write(`[${job.id}] failed (attempt ${job.attemptsMade} of ${job.opts.attempts ?? 1}): ${error.message}\n`);
  });
  worker.on('error', (error) => options.output.write(`worker ${name}: ${error.message}\n`));
  return {
    worker,
    name,
    async stop() {
      stopping.abort();
      await worker.close();
    },
  };
}

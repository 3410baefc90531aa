import { InvalidArgumentError } from '@lowres/core';
import { type ConnectionOptions, Queue } from 'bullmq';
import type { SweepRun } from './expand-grid';
import { redisConnection } from './redis-connection';

/** Name of the BullMQ queue that sweeps and workers share. */
export const SWEEP_QUEUE = 'lowres-sweep';

/** Opens the sweep queue (close it when done). */
export function openSweepQueue(connection: ConnectionOptions): Queue<SweepRun> {
  return new Queue<SweepRun>(SWEEP_QUEUE, { connection });
}

/**
 * Opens the sweep queue at a `redis://` URL and waits for Redis to answer; a server that does not
 * answer within `timeoutMs` is an InvalidArgumentError naming `--queue` (instead of waiting forever).
 */
export async function connectSweepQueue(url: string, timeoutMs = 5000): Promise<Queue<SweepRun>> {
  const queue = openSweepQueue(redisConnection(url));
  queue.on('error', () => {}); // connection errors surface as the timeout below
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const ready = await Promise.race([queue.waitUntilReady(), timeout]);
  clearTimeout(timer);
  if (ready === 'timeout') {
    await queue.close();
    throw new InvalidArgumentError('--queue', `no Redis server answered at ${url} within ${timeoutMs / 1000} s`);
  }
  return queue;
}

/** What {@link enqueueRuns} did. */
export interface EnqueueResult {
  /** Runs that were not in the queue yet. */
  added: string[];
  /** Runs already in the queue (any state, finished ones included), left as they are. */
  existing: string[];
}

/**
 * Adds one job per run, its id the run's id, so submitting the same grid again adds nothing. A
 * failing job is retried up to `attempts` times in all (each attempt resumes from the run's last checkpoint).
 */
export async function enqueueRuns(queue: Queue<SweepRun>, runs: readonly SweepRun[], attempts: number): Promise<EnqueueResult> {
  const existing: string[] = [];
  const fresh: SweepRun[] = [];
  for (const run of runs) {
    if (await queue.getJob(run.id)) existing.push(run.id);
    else fresh.push(run);
  }
  await queue.addBulk(
    fresh.map((run) => ({
      name: 'train',
      data: run,
      opts: { jobId: run.id, attempts, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: false, removeOnFail: false },
    })),
  );
  return { added: fresh.map((run) => run.id), existing };
}

import { type ConnectionOptions, Queue } from 'bullmq';
import type { SweepRun } from './expand-grid';

/** Name of the BullMQ queue that sweeps and workers share. */
export const SWEEP_QUEUE = 'lowres-sweep';

/** Opens the sweep queue (close it when done). */
export function openSweepQueue(connection: ConnectionOptions): Queue<SweepRun> {
  return new Queue<SweepRun>(SWEEP_QUEUE, { connection });
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

import type { JobType, Queue } from 'bullmq';
import type { SweepRun } from './expand-grid';

/** Where the sweep's jobs stand. */
export interface SweepStatus {
  queued: number;
  running: number;
  done: number;
  failed: number;
  /** Jobs by the worker that runs or ran them last. */
  workers: Record<string, { running: number; done: number; failed: number }>;
  /** Failed jobs with their error and attempts used. */
  failures: { id: string; error: string; attempts: number }[];
  /** Workers connected to Redis now. */
  connectedWorkers: string[];
}

const STATES = { queued: ['waiting', 'delayed', 'prioritized', 'paused', 'waiting-children'], running: ['active'], done: ['completed'], failed: ['failed'] } as const;

function workerOf(job: { progress: unknown; returnvalue: unknown }): string {
  const holder = [job.returnvalue, job.progress].find((value) => typeof value === 'object' && value !== null && 'worker' in value) as { worker: string } | undefined;
  return holder?.worker ?? 'unknown';
}

/** Jobs still to run or running (what a draining worker waits for). */
export async function unfinishedJobs(queue: Queue<SweepRun>): Promise<number> {
  const counts = await queue.getJobCounts(...STATES.queued, ...STATES.running);
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/** Counts the sweep queue's jobs by state and by worker. */
export async function sweepStatus(queue: Queue<SweepRun>): Promise<SweepStatus> {
  const status: SweepStatus = { queued: 0, running: 0, done: 0, failed: 0, workers: {}, failures: [], connectedWorkers: [] };
  for (const [state, types] of Object.entries(STATES) as [keyof typeof STATES, readonly JobType[]][]) {
    const jobs = await queue.getJobs([...types]);
    status[state] = jobs.length;
    if (state === 'queued') continue;
    for (const job of jobs) {
      const worker = workerOf(job);
      const entry = status.workers[worker] ?? { running: 0, done: 0, failed: 0 };
      entry[state] += 1;
      status.workers[worker] = entry;
      if (state === 'failed') status.failures.push({ id: job.id ?? '?', error: job.failedReason, attempts: job.attemptsMade });
    }
  }
  // Each worker holds several connections, named `<queue client name>:w:<worker name>`.
  const names = (await queue.getWorkers()).map((client) => client.rawname?.split(':w:')[1] ?? 'unnamed');
  status.connectedWorkers = [...new Set(names)].sort();
  return status;
}

/** Plain-text rendering of a {@link SweepStatus}. */
export function formatSweepStatus(status: SweepStatus): string {
  const lines = [
    `queued ${status.queued}  running ${status.running}  done ${status.done}  failed ${status.failed}`,
    `workers connected: ${status.connectedWorkers.length ? status.connectedWorkers.join(', ') : 'none'}`,
  ];
  for (const [worker, counts] of Object.entries(status.workers).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${worker}: running ${counts.running}  done ${counts.done}  failed ${counts.failed}`);
  }
  for (const failure of status.failures) lines.push(`failed ${failure.id} after ${failure.attempts} attempt(s): ${failure.error}`);
  return `${lines.join('\n')}\n`;
}

import { InvalidArgumentError } from '@lowres/core';
import type { Registry } from '@lowres/trainer';
import type { CliIO } from '../cli-io';
import { readNumericFlags } from '../flags';
import { INTERRUPTED_EXIT_CODE } from '../graceful-stop';
import { redisConnection } from '../sweep/redis-connection';
import { connectSweepQueue } from '../sweep/sweep-queue';
import { unfinishedJobs } from '../sweep/sweep-status';
import { startSweepWorker } from '../sweep/sweep-worker';

/** How often a draining worker asks whether any job is left. */
const DRAIN_POLL_MS = 2000;

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * `lowres worker --queue redis://host:port --runs <shared dir> [--concurrency N] [--stall-seconds S] [--drain]`:
 * trains sweep jobs until SIGINT / SIGTERM, which checkpoints the running jobs, puts them back in the
 * queue and exits with 130; with `--drain` it also ends (exit 0) once no job is queued or running.
 */
export async function workerCommand(values: Values, registry: Registry, io: CliIO): Promise<number> {
  const flags = readNumericFlags(values);
  const drain = values.drain === true;
  if (typeof values.queue !== 'string') throw new InvalidArgumentError('--queue', 'is required (redis://host:port)');
  if (typeof values.runs !== 'string') throw new InvalidArgumentError('--runs', 'is required (the run root every worker shares)');
  const connection = redisConnection(values.queue);
  // Opened first, so that a Redis that does not answer is an error before any job is taken.
  const queue = drain ? await connectSweepQueue(values.queue) : null;
  const worker = startSweepWorker({
    connection,
    runs: values.runs,
    registry,
    output: io.stdout,
    concurrency: flags.concurrency ?? 1,
    stallSeconds: flags['stall-seconds'] ?? 30,
  });
  io.stdout.write(`worker ${worker.name}: taking jobs from ${values.queue} (concurrency ${flags.concurrency ?? 1}), runs in ${values.runs}${drain ? '; exits when the queue is drained' : ''}\n`);
  let timer: NodeJS.Timeout | undefined;
  const ended = await new Promise<'signal' | 'drained'>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      io.stderr.write(`received ${signal}: checkpointing running jobs and putting them back in the queue\n`);
      resolve('signal');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (queue) {
      const poll = async () => {
        if ((await unfinishedJobs(queue).catch(() => 1)) === 0) {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          resolve('drained');
        } else timer = setTimeout(poll, DRAIN_POLL_MS);
      };
      timer = setTimeout(poll, DRAIN_POLL_MS);
    }
  });
  clearTimeout(timer);
  await queue?.close();
  await worker.stop();
  io.stdout.write(`worker ${worker.name} stopped${ended === 'drained' ? ': no job left to run' : ''}\n`);
  return ended === 'drained' ? 0 : INTERRUPTED_EXIT_CODE;
}

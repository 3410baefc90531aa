import { InvalidArgumentError } from '@lowres/core';
import type { Registry } from '@lowres/trainer';
import type { CliIO } from '../cli-io';
import { readNumericFlags } from '../flags';
import { INTERRUPTED_EXIT_CODE } from '../graceful-stop';
import { redisConnection } from '../sweep/redis-connection';
import { startSweepWorker } from '../sweep/sweep-worker';

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * `lowres worker --queue redis://host:port --runs <shared dir> [--concurrency N] [--stall-seconds S]`:
 * trains sweep jobs until SIGINT / SIGTERM, which checkpoints the running jobs, puts them back in the
 * queue and exits with 130.
 */
export async function workerCommand(values: Values, registry: Registry, io: CliIO): Promise<number> {
  const flags = readNumericFlags(values);
  if (typeof values.queue !== 'string') throw new InvalidArgumentError('--queue', 'is required (redis://host:port)');
  if (typeof values.runs !== 'string') throw new InvalidArgumentError('--runs', 'is required (the run root every worker shares)');
  const connection = redisConnection(values.queue);
  const worker = startSweepWorker({
    connection,
    runs: values.runs,
    registry,
    output: io.stdout,
    concurrency: flags.concurrency ?? 1,
    stallSeconds: flags['stall-seconds'] ?? 30,
  });
  io.stdout.write(`worker ${worker.name}: taking jobs from ${values.queue} (concurrency ${flags.concurrency ?? 1}), runs in ${values.runs}\n`);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      io.stderr.write(`received ${signal}: checkpointing running jobs and putting them back in the queue\n`);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await worker.stop();
  io.stdout.write(`worker ${worker.name} stopped\n`);
  return INTERRUPTED_EXIT_CODE;
}

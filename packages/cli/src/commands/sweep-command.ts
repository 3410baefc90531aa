import { InvalidArgumentError } from '@lowres/core';
import type { Registry } from '@lowres/trainer';
import type { CliIO } from '../cli-io';
import { readNumericFlags } from '../flags';
import { checkDataRequest } from '../load-data';
import { writeLeaderboard } from '../sweep/leaderboard';
import { readGridFile } from '../sweep/read-grid-file';
import { redisConnection } from '../sweep/redis-connection';
import { expandGrids, parseSweepGrids } from '../sweep/sweep-grids';
import { connectSweepQueue, enqueueRuns } from '../sweep/sweep-queue';
import { readSweepResults } from '../sweep/sweep-result';
import { formatSweepStatus, sweepStatus } from '../sweep/sweep-status';

type Values = Record<string, string | boolean | string[] | undefined>;

function required(values: Values, flag: string): string {
  const value = values[flag];
  if (typeof value !== 'string' || value === '') throw new InvalidArgumentError(`--${flag}`, 'is required');
  return value;
}

async function submit(file: string, values: Values, registry: Registry, io: CliIO): Promise<number> {
  const url = required(values, 'queue');
  redisConnection(url); // a malformed URL is an error before the grid is read
  const attempts = readNumericFlags(values).attempts ?? 3;
  const runs = expandGrids(parseSweepGrids(await readGridFile(file)), registry);
  for (const dataset of new Map(runs.map((run) => [run.config.dataset!.name, run.config.dataset!])).values()) {
    await checkDataRequest({ dataset: dataset.name, dataDir: dataset.dir });
  }
  const queue = await connectSweepQueue(url);
  try {
    const { added, existing } = await enqueueRuns(queue, runs, attempts);
    io.stdout.write(`${runs.length} runs in ${file}: ${added.length} enqueued, ${existing.length} already in the queue\n`);
    for (const run of runs) io.stdout.write(`  ${run.id}  ${run.origin}${existing.includes(run.id) ? '  (already queued)' : ''}\n`);
  } finally {
    await queue.close();
  }
  return 0;
}

/**
 * `lowres sweep <grid.json|yaml> --queue redis://host:port` enqueues one job per run of the grid;
 * `lowres sweep status --queue …` counts jobs by state and worker; `lowres sweep report --runs <dir> [--grid file]`
 * writes the leaderboard (Markdown, CSV, accuracy-against-FLOPs plot) of the finished runs (of one grid).
 */
export async function sweepCommand(values: Values, positionals: string[], registry: Registry, io: CliIO): Promise<number> {
  const [action, ...extra] = positionals;
  if (action === undefined) throw new InvalidArgumentError('sweep', 'expected a grid file, status or report');
  if (extra.length > 0) throw new InvalidArgumentError('sweep', `unexpected argument '${extra[0]}'`);
  if (action === 'status') {
    const queue = await connectSweepQueue(required(values, 'queue'));
    try {
      io.stdout.write(formatSweepStatus(await sweepStatus(queue)));
    } finally {
      await queue.close();
    }
    return 0;
  }
  if (action === 'report') {
    const runs = required(values, 'runs');
    let results: Awaited<ReturnType<typeof readSweepResults>>;
    try {
      results = await readSweepResults(runs);
    } catch (error) {
      throw new InvalidArgumentError('--runs', `cannot read the run root ${runs} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    let grid = '';
    if (typeof values.grid === 'string') {
      const ids = new Set(expandGrids(parseSweepGrids(await readGridFile(values.grid)), registry).map((run) => run.id));
      results = results.filter((result) => ids.has(result.id));
      grid = ` of ${ids.size} in ${values.grid}`;
    }
    const files = await writeLeaderboard(results, typeof values.out === 'string' ? values.out : runs);
    io.stdout.write(`${results.length} finished runs${grid}; wrote ${files.join(', ')}\n`);
    return 0;
  }
  return submit(action, values, registry, io);
}

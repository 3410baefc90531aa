import { markdownTable } from 'markdown-table';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetNotFoundError, InvalidArgumentError } from '@lowres/core';
import type { ReproductionRecord } from './reproduction-record';

/** One run directory's reproduction record. */
export interface RecordedRun {
  readonly dir: string;
  readonly record: ReproductionRecord;
}

/** Mean and sample standard deviation of the finished, unshrunk runs of one recipe. */
export interface ReproductionSummary {
  readonly recipe: string;
  /** Runs whose figure counts (finished and not shrunk). */
  readonly counted: number;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1); null with fewer than two counted runs. */
  readonly standardDeviation: number | null;
  readonly paper: number | null;
  readonly markdown: string;
}

/** Reads `reproduction.json` from each run directory; a missing one throws DatasetNotFoundError naming it. */
export async function readRecordedRuns(dirs: readonly string[]): Promise<RecordedRun[]> {
  if (dirs.length === 0) throw new InvalidArgumentError('run directories', 'expected at least one run directory of `lowres reproduce`');
  return Promise.all(
    dirs.map(async (dir) => {
      const file = join(dir, 'reproduction.json');
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') throw new DatasetNotFoundError(file, `${dir} is not a run directory of \`lowres reproduce\``);
        throw error;
      });
      return { dir, record: JSON.parse(text) as ReproductionRecord };
    }),
  );
}

const percent = (value: number) => `${(value * 100).toFixed(2)} %`;

/**
 * Summarises runs of one recipe (e.g. its seeds): a row per run and the mean ± sample standard deviation
 * of the finished, unshrunk ones next to the paper's figure. Runs of different recipes, or of different
 * `--micro-batch` settings, are rejected.
 */
export function summariseReproductions(runs: readonly RecordedRun[]): ReproductionSummary {
  const recipe = runs[0]!.record.recipe;
  const other = runs.find((run) => run.record.recipe !== recipe);
  if (other) throw new InvalidArgumentError(other.dir, `holds a run of '${other.record.recipe}', not '${recipe}'; summarise one recipe at a time`);
  // Batch norm on micro-batches is another protocol: its figures are not averaged with whole-batch ones.
  const split = (run: RecordedRun) => run.record.microBatchSize ?? null;
  const mixed = runs.find((run) => split(run) !== split(runs[0]!));
  if (mixed) {
    const describe = (size: number | null) => (size === null ? 'whole batches' : `micro-batches of ${size}`);
    throw new InvalidArgumentError(mixed.dir, `ran on ${describe(split(mixed))}, ${runs[0]!.dir} on ${describe(split(runs[0]!))}; summarise one setting at a time`);
  }
  const counts = (record: ReproductionRecord) => record.status === 'finished' && record.ours !== null && record.shrunk === null;
  const figures = runs.filter((run) => counts(run.record)).map((run) => run.record.ours!);
  const mean = figures.length > 0 ? figures.reduce((sum, value) => sum + value, 0) / figures.length : null;
  const standardDeviation =
    mean !== null && figures.length > 1 ? Math.sqrt(figures.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (figures.length - 1)) : null;
  const paper = runs[0]!.record.paper?.value ?? null;
  const rows = [...runs]
    .sort((a, b) => a.record.seed - b.record.seed)
    .map(({ dir, record }) => [
      String(record.seed),
      record.ours === null ? '(not finished)' : percent(record.ours),
      record.shrunk ? 'shrunk: not counted' : `${record.status}${record.microBatchSize ? ` (micro-batch ${record.microBatchSize})` : ''}`,
      String(record.progress.epochsCompleted),
      `${(record.wallSeconds / 3600).toFixed(2)} h over ${record.invocations}`,
      record.backend,
      dir,
    ]);
  const meanText = mean === null ? 'no finished run yet' : `${percent(mean)}${standardDeviation === null ? '' : ` ± ${(standardDeviation * 100).toFixed(2)}`}`;
  const difference = mean !== null && paper !== null ? ` (${mean >= paper ? '+' : ''}${((mean - paper) * 100).toFixed(2)} points)` : '';
  const markdown = [
    `## \`${recipe}\`: ${figures.length} of ${runs.length} run(s) counted`,
    '',
    markdownTable([['seed', 'test figure', 'status', 'epochs', 'wall time', 'backend', 'run directory'], ...rows], { alignDelimiters: false }),
    '',
    `- ours: ${meanText} (mean${standardDeviation === null ? '' : ' ± sample standard deviation'} of the finished runs)${difference}`,
    `- paper: ${paper === null ? 'none published' : percent(paper)}`,
    '',
  ].join('\n');
  return { recipe, counted: figures.length, mean, standardDeviation, paper, markdown };
}

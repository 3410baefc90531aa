import { markdownTable } from 'markdown-table';
import { cpus, platform, release } from 'node:os';
import type { EpochRecord } from '@lowres/engine';
import type { Recipe, RecipeMetric } from './recipe';
import type { RecipeShrink } from './recipes';

/** What `reproduction.json` holds: our figure next to the paper's, and where it was measured. */
export interface ReproductionRecord {
  recipe: string;
  title: string;
  dataset: string;
  metric: RecipeMetric;
  /** 'running': written at each checkpoint while training goes on (a 'running' record whose process is gone was killed). */
  status: 'finished' | 'interrupted' | 'running';
  /** Our test figure (fraction), null when the run has not finished. */
  ours: number | null;
  /** The published figure, null when no paper measured it. */
  paper: { value: number; source: string } | null;
  /** ours − paper in percentage points, null when the run has not finished or there is no published figure. */
  differencePoints: number | null;
  /** Seed of the weights, the validation split and the batch order. */
  seed: number;
  /** Set when `--epochs` / `--limit` shrank the recipe: the figure is then not comparable. */
  shrunk: RecipeShrink | null;
  /** Images per gradient part when `--micro-batch` split each batch (batch norm saw that many); null: whole batches. */
  microBatchSize: number | null;
  backend: string;
  hardware: { cpu: string; cores: number; os: string; node: string };
  /** How far training got: epochs finished in the latest phase and the last epoch's metrics (validation figures, not test). */
  progress: { epochsCompleted: number; lastEpoch: EpochRecord | null };
  /** Wall time of every invocation together (resumed runs add up). */
  wallSeconds: number;
  invocations: number;
  /** Where that wall time was spent: one entry per machine and backend, since a resumed run may continue on another machine. */
  machines: MachineShare[];
  notes: readonly string[];
  finishedAt: string | null;
}

/** The wall time and invocations a run spent on one machine with one backend. */
export interface MachineShare {
  cpu: string;
  cores: number;
  backend: string;
  wallSeconds: number;
  invocations: number;
}

/** Adds one invocation's wall time to the record's total and to its current machine's share. */
export function addWallTime(record: ReproductionRecord, seconds: number, options: { newInvocation: boolean }): void {
  const { cpu, cores } = record.hardware;
  let share = record.machines.find((entry) => entry.cpu === cpu && entry.cores === cores && entry.backend === record.backend);
  if (!share) {
    share = { cpu, cores, backend: record.backend, wallSeconds: 0, invocations: 0 };
    record.machines.push(share);
  }
  const invocations = options.newInvocation ? 1 : 0;
  record.wallSeconds += seconds;
  record.invocations += invocations;
  share.wallSeconds += seconds;
  share.invocations += invocations;
}

/** The machine a run was measured on: CPU model × count, OS and Node version. */
export function describeHardware(): ReproductionRecord['hardware'] {
  const processors = cpus();
  return { cpu: processors[0]?.model.trim() ?? 'unknown CPU', cores: processors.length, os: `${platform()} ${release()}`, node: process.version };
}

const percent = (value: number) => `${(value * 100).toFixed(2)} %`;

function progressLine(progress: ReproductionRecord['progress']): string {
  const last = progress.lastEpoch;
  if (!last) return `${progress.epochsCompleted} epoch(s)`;
  const parts = [`loss ${last.loss.toFixed(4)}`];
  if (last.accuracy !== undefined) parts.push(`train accuracy ${percent(last.accuracy)}`);
  if (last.val_loss !== undefined) parts.push(`validation loss ${last.val_loss.toFixed(4)}`);
  if (last.val_accuracy !== undefined) parts.push(`validation accuracy ${percent(last.val_accuracy)}`);
  return `${progress.epochsCompleted} epoch(s) of phase '${last.phase}', step ${last.globalStep}; last epoch: ${parts.join(', ')}`;
}

/** A markdown section comparing our figure with the paper's. */
export function reproductionSection(record: ReproductionRecord): string {
  const metric = record.metric === 'accuracy' ? 'test accuracy' : 'mean per-class accuracy (test)';
  const lines = [
    `## Reproduction: \`${record.recipe}\``,
    '',
    record.title,
    '',
    markdownTable(
      [
        ['metric', 'ours', 'paper', 'difference'],
        [
          metric,
          record.ours === null ? '(not finished)' : percent(record.ours),
          record.paper ? percent(record.paper.value) : 'none published',
          record.differencePoints === null ? '' : `${record.differencePoints >= 0 ? '+' : ''}${record.differencePoints.toFixed(2)} points`,
        ],
      ],
      { alignDelimiters: false },
    ),
    '',
    `- paper figure: ${record.paper ? record.paper.source : 'none: no paper measured this; the run answers a question of our own'}`,
    `- seed: ${record.seed}`,
    `- training reached: ${progressLine(record.progress)}`,
  ];
  if (record.shrunk) {
    const parts = [
      ...(record.shrunk.epochs !== undefined ? [`${record.shrunk.epochs} epoch(s)`] : []),
      ...(record.shrunk.limit !== undefined ? [`the first ${record.shrunk.limit} images of each split`] : []),
      ...(record.shrunk.size !== undefined ? [`images at ${record.shrunk.size[0]}×${record.shrunk.size[1]}`] : []),
      ...(record.shrunk.classifierOptions !== undefined ? [`classifier options ${JSON.stringify(record.shrunk.classifierOptions)}`] : []),
      ...(record.shrunk.srOptions !== undefined ? [`SR options ${JSON.stringify(record.shrunk.srOptions)}`] : []),
    ];
    lines.push(`- **shrunk for a quick check** (${parts.join(', ')}): not comparable with the paper's figure`);
  }
  lines.push(
    `- backend: ${record.backend}; hardware: ${record.hardware.cpu} × ${record.hardware.cores}, ${record.hardware.os}, Node ${record.hardware.node}`,
    `- wall time: ${record.wallSeconds.toFixed(1)} s over ${record.invocations} invocation(s)`,
  );
  if (record.machines.length > 1) {
    const shares = record.machines.map((share) => `${share.wallSeconds.toFixed(1)} s on ${share.cpu} × ${share.cores} (${share.backend})`);
    lines.push(`- wall time by machine: ${shares.join('; ')}`);
  }
  for (const note of record.notes) lines.push(`- note: ${note}`);
  return `${lines.join('\n')}\n`;
}

const SECTION_START = '\n## Reproduction: ';

/** The report's markdown with its reproduction section (always the last one) replaced by this record's. */
export function withReproductionSection(markdown: string, record: ReproductionRecord): string {
  const at = markdown.indexOf(SECTION_START);
  const body = (at === -1 ? markdown : markdown.slice(0, at)).trimEnd();
  return `${body}\n\n${reproductionSection(record)}`;
}

/** A fresh record for a recipe (before its figure is known). */
export function startRecord(recipe: Recipe, shrunk: RecipeShrink | null, backend: string, seed: number): ReproductionRecord {
  return {
    recipe: recipe.name,
    title: recipe.title,
    dataset: recipe.dataset,
    metric: recipe.metric,
    status: 'interrupted',
    ours: null,
    paper: recipe.paper ? { ...recipe.paper } : null,
    differencePoints: null,
    seed,
    shrunk,
    microBatchSize: null,
    backend,
    hardware: describeHardware(),
    progress: { epochsCompleted: 0, lastEpoch: null },
    wallSeconds: 0,
    invocations: 0,
    machines: [],
    notes: recipe.notes,
    finishedAt: null,
  };
}

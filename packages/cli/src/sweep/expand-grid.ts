import { createHash } from 'node:crypto';
import { LowresError } from '@lowres/core';
import { ConfigInvalidError, type Registry, type TrainConfig, parseTrainConfig, pluginName } from '@lowres/trainer';
import type { SweepGrid } from './sweep-grid';

/** One run of a sweep: a complete train config (without `outDir`) and how much data it reads. */
export interface SweepRun {
  /** Derived from the config and data limits: the same run always gets the same id. */
  id: string;
  config: TrainConfig;
  data: { limit?: number; testLimit?: number };
  /** The grid entries this run combines, e.g. `sr[0] classifier[1] dataset[0] degradation[0] mode[0] hyperParameters[0] seeds[2]`. */
  origin: string;
}

/** The grid's axes, outermost first (seeds vary fastest). */
const AXES = ['sr', 'classifier', 'dataset', 'degradation', 'mode', 'hyperParameters', 'seeds'] as const;

const AXIS_OF_FIELD: Record<string, Exclude<(typeof AXES)[number], 'hyperParameters'>> = {
  sr: 'sr',
  classifier: 'classifier',
  dataset: 'dataset',
  lowResolution: 'degradation',
  mode: 'mode',
  seed: 'seeds',
};

/** JSON with object keys sorted at every level, so equal configs hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}

/** The id of a run: `run-` and 16 hex digits of the SHA-256 of its canonical config and data limits. */
export function sweepRunId(config: TrainConfig, data: SweepRun['data']): string {
  return `run-${createHash('sha256').update(canonicalJson({ config, data })).digest('hex').slice(0, 16)}`;
}

/** Every index tuple of a grid with these axis sizes, the last index varying fastest. */
function* combinations(sizes: readonly number[]): Generator<number[]> {
  const index = sizes.map(() => 0);
  while (true) {
    yield [...index];
    let axis = sizes.length - 1;
    while (axis >= 0 && ++index[axis]! === sizes[axis]) index[axis--] = 0;
    if (axis < 0) return;
  }
}

function problemOf(error: ConfigInvalidError): string {
  return error.message.replace(/^Invalid config field '[^']*': /, '');
}

function checkPlugins(grid: SweepGrid, registry: Registry): void {
  const check = (axis: 'sr' | 'classifier', index: number, create: (name: string, options: Record<string, unknown>) => unknown) => {
    try {
      const { name, options } = pluginName(grid[axis][index] as never);
      create(name, options);
    } catch (error) {
      if (LowresError.isInstance(error)) throw new ConfigInvalidError(`${axis}[${index}]`, error.message);
      throw error;
    }
  };
  for (let i = 0; i < grid.sr.length; i++) check('sr', i, (name, options) => registry.createSr(name, options));
  for (let i = 0; i < grid.classifier.length; i++) check('classifier', i, (name, options) => registry.createClassifier(name, options));
}

/**
 * Expands a grid into one validated run per combination of its axes (seeds innermost). Every run
 * config is checked, and every plugin created once, before anything is returned; errors name the
 * grid field (`classifier[1]`, `hyperParameters[0].epochs`, `base.batchSize`).
 */
export function expandGrid(grid: SweepGrid, registry: Registry): SweepRun[] {
  for (const [where, values] of [['base', grid.base], ...grid.hyperParameters.map((h, i) => [`hyperParameters[${i}]`, h] as const)] as const) {
    if ('outDir' in values) throw new ConfigInvalidError(`${where}.outDir`, 'is set by the worker: each run goes to <runs>/<run id>');
    for (const [field, axis] of Object.entries(AXIS_OF_FIELD)) {
      if (field in values) throw new ConfigInvalidError(`${where}.${field}`, `is a grid axis: give it as '${axis}' at the top level of the grid`);
    }
  }
  checkPlugins(grid, registry);
  const runs: SweepRun[] = [];
  const seen = new Set<string>();
  for (const index of combinations(AXES.map((axis) => grid[axis].length))) {
    const at = Object.fromEntries(AXES.map((axis, i) => [axis, index[i]!])) as Record<(typeof AXES)[number], number>;
    const hyper = grid.hyperParameters[at.hyperParameters]!;
    const dataset = grid.dataset[at.dataset]!;
    const degradation = grid.degradation[at.degradation];
    const { limit, testLimit, ...datasetConfig } = typeof dataset === 'string' ? { name: dataset } : dataset;
    const raw = {
      ...grid.base,
      ...hyper,
      mode: grid.mode[at.mode],
      sr: grid.sr[at.sr],
      classifier: grid.classifier[at.classifier],
      dataset: datasetConfig,
      ...(degradation ? { lowResolution: degradation } : {}),
      seed: grid.seeds[at.seeds],
    };
    let config: TrainConfig;
    try {
      config = parseTrainConfig(raw);
    } catch (error) {
      if (!ConfigInvalidError.isInstance(error)) throw error;
      const root = error.field.split(/[.[]/)[0]!;
      const axis = AXIS_OF_FIELD[root];
      const field = axis ? `${axis}[${at[axis]}]${error.field.slice(root.length)}` : `${root in hyper ? `hyperParameters[${at.hyperParameters}]` : 'base'}.${error.field}`;
      throw new ConfigInvalidError(field, problemOf(error));
    }
    const data = { ...(limit === undefined ? {} : { limit }), ...(testLimit === undefined ? {} : { testLimit }) };
    const id = sweepRunId(config, data);
    if (seen.has(id)) continue;
    seen.add(id);
    runs.push({ id, config, data, origin: AXES.map((axis) => `${axis}[${at[axis]}]`).join(' ') });
  }
  return runs;
}

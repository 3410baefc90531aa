import { ConfigInvalidError, type Registry } from '@lowres/trainer';
import { type SweepRun, expandGrid } from './expand-grid';
import { type SweepGrid, parseSweepGrid } from './sweep-grid';

function problemOf(error: ConfigInvalidError): string {
  return error.message.replace(/^Invalid config field '[^']*': /, '');
}

/** Runs `step`, re-throwing a ConfigInvalidError with its field under `prefix` (`grids[1].classifier[0]`). */
function within<T>(prefix: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (ConfigInvalidError.isInstance(error)) throw new ConfigInvalidError(`${prefix}.${error.field}`, problemOf(error));
    throw error;
  }
}

/**
 * The grids of a grid file: the file's object itself is one grid, or `{ grids: [grid, …] }` lists
 * several whose runs are pooled (a study whose axes are coupled, e.g. an SR scale that must equal the
 * degradation factor, or a mode that only some front ends can train in). Errors name `grids[i].field`.
 */
export function parseSweepGrids(raw: unknown): SweepGrid[] {
  if (typeof raw !== 'object' || raw === null || !('grids' in raw)) return [parseSweepGrid(raw)];
  const { grids, ...rest } = raw as { grids: unknown };
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw new ConfigInvalidError(extra, "a file with 'grids' holds nothing else: put shared settings in each grid's 'base' (a YAML anchor repeats them)");
  if (!Array.isArray(grids) || grids.length === 0) throw new ConfigInvalidError('grids', 'expected a non-empty list of grids');
  return grids.map((grid, index) => within(`grids[${index}]`, () => parseSweepGrid(grid)));
}

/**
 * Every run of every grid, each validated as {@link expandGrid} does; a run that two grids both
 * produce (same id) is kept once. With several grids, each run's origin starts with `grids[i]`.
 */
export function expandGrids(grids: readonly SweepGrid[], registry: Registry): SweepRun[] {
  if (grids.length === 1) return expandGrid(grids[0]!, registry);
  const runs = new Map<string, SweepRun>();
  grids.forEach((grid, index) => {
    for (const run of within(`grids[${index}]`, () => expandGrid(grid, registry))) {
      if (!runs.has(run.id)) runs.set(run.id, { ...run, origin: `grids[${index}] ${run.origin}` });
    }
  });
  return [...runs.values()];
}

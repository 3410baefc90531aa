import { z } from 'zod';
import { ConfigInvalidError } from '@lowres/trainer';

const axis = <T extends z.ZodType>(item: T) => z.union([z.array(item).min(1), item]).transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);
const configObject = z.record(z.string(), z.unknown());
const pluginReference = z.union([z.string().min(1), configObject]);
const datasetEntry = z.union([
  z.string().min(1),
  z.strictObject({
    name: z.string().min(1),
    dir: z.string().min(1).optional(),
    options: configObject.optional(),
    /** First `limit` training images only (a quick sweep). */
    limit: z.number().int().positive().optional(),
    /** First `testLimit` test images only (default: `limit`). */
    testLimit: z.number().int().positive().optional(),
  }),
]);

/**
 * A sweep grid: every combination of the axes (each a value or a list of values) is one run.
 * `degradation` entries are the train config's `lowResolution` (null: images as they are);
 * `hyperParameters` entries are partial train configs; `base` is shared by every run.
 */
export const sweepGridSchema = z.strictObject({
  sr: axis(pluginReference).prefault(['none']),
  classifier: axis(pluginReference),
  dataset: axis(datasetEntry),
  degradation: axis(z.union([z.null(), configObject])).prefault([null]),
  mode: axis(z.string().min(1)).prefault(['classifier']),
  hyperParameters: axis(configObject).prefault([{}]),
  seeds: z.array(z.number().int()).min(1).prefault([0]),
  base: configObject.prefault({}),
});

/** A validated sweep grid with every axis a list. */
export type SweepGrid = z.output<typeof sweepGridSchema>;

/** Validates a parsed grid file; throws ConfigInvalidError naming the first offending field. */
export function parseSweepGrid(raw: unknown): SweepGrid {
  const result = sweepGridSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ConfigInvalidError(issue.path.length ? issue.path.map(String).join('.') : 'grid', issue.message);
}

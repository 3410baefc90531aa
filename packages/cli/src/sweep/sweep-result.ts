import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointCorruptError, asFileSystemError } from '@lowres/core';
import { pluginName, type PluginReference, type SrQuality } from '@lowres/trainer';

/** File a finished run leaves in its run directory, read by `lowres sweep report`. */
export const SWEEP_RESULT_FILE = 'sweep-result.json';

/** Outcome of one finished sweep run. */
export interface SweepResult {
  id: string;
  /** Grid entries the run combines. */
  origin: string;
  /** Worker (host:pid) that finished it. */
  worker: string;
  sr: string;
  classifier: string;
  dataset: string;
  /** `none`, `×N` or `HxW`. */
  degradation: string;
  mode: string;
  seed: number;
  /** Test accuracy and mean per-class accuracy in [0, 1]; null when the run had no test split. */
  accuracy: number | null;
  meanPerClassAccuracy: number | null;
  parameters: number;
  /** Floating-point operations of one forward pass of one image. */
  flops: number;
  /** Training time summed over the attempts that produced the run (work lost to a crash after the last checkpoint excluded). */
  trainSeconds: number;
  /** Training steps the last attempt started from (0: from scratch). */
  resumedAtStep: number;
  /** The SR front end's fidelity to the test originals, when the run degraded them and up-scales back (absent in older results). */
  srQuality?: SrQuality | null;
}

/** `name` or `name(key=value, ...)` for a plugin reference. */
export function pluginLabel(reference: PluginReference): string {
  const { name, options } = pluginName(reference);
  const entries = Object.entries(options).map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  return entries.length ? `${name}(${entries.join(', ')})` : name;
}

/**
 * The sweep result a finished run left in its run directory; null when there is none (the run has not
 * finished). A result file that cannot be read or parsed is an error naming it, never a run to retrain.
 */
export async function readSweepResult(dir: string): Promise<SweepResult | null> {
  const file = join(dir, SWEEP_RESULT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw asFileSystemError(error, file) ?? error;
  }
  try {
    return JSON.parse(text) as SweepResult;
  } catch (error) {
    throw new CheckpointCorruptError(file, `not valid JSON (${(error as Error).message}); delete it to train the run again`);
  }
}

/** Reads every run directory's sweep result under a run root, in directory-name order. */
export async function readSweepResults(runs: string): Promise<SweepResult[]> {
  const names = (await readdir(runs, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const results: SweepResult[] = [];
  for (const name of names) {
    const result = await readSweepResult(join(runs, name));
    if (result) results.push(result);
  }
  return results;
}

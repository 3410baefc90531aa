import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EpochRecord, TrainCallbacks } from '@lowres/engine';
import { InvalidArgumentError, writeAtomically } from '@lowres/core';
import {
  type PreparedTrainOptions,
  type PreparedTraining,
  RecipeUnavailableError,
  type Registry,
  type TrainResult,
  TrainingInterruptedError,
  prepareTraining,
  train,
} from '@lowres/trainer';
import type { Recipe } from './recipe';
import { type RecipeRunOptions, type RecipeShrink, recipeConfig } from './recipes';
import { type ReproductionRecord, addWallTime, startRecord, withReproductionSection } from './reproduction-record';

/** Options of {@link reproduce}: the loaded data (already limited), where to write, the seed and how it was shrunk. */
export interface ReproduceOptions extends PreparedTrainOptions, RecipeShrink, RecipeRunOptions {
  outDir: string;
  /** Name of the TF.js backend in use, recorded in reproduction.json. */
  backend: string;
  /** Plugins the recipe's names resolve in; not needed with `prepared`. */
  registry?: Registry;
  /**
   * The recipe's config for these same options (`recipeConfig`, outDir and dataDir included) already
   * through `prepareTraining` — `lowres reproduce` validates it before decoding images — so that it is
   * parsed, and its plugins created, only once.
   */
  prepared?: PreparedTraining;
}

/** Outcome of {@link reproduce}. */
export interface Reproduction {
  readonly result: TrainResult;
  readonly record: ReproductionRecord;
}

/** Epochs finished so far in the latest phase, from the run's metrics.jsonl (which a resumed run rewrites whole). */
async function readProgress(outDir: string): Promise<ReproductionRecord['progress']> {
  let lines: string[];
  try {
    lines = (await readFile(join(outDir, 'metrics.jsonl'), 'utf8')).split('\n').filter((line) => line.trim() !== '');
  } catch (error) {
    // No epoch has finished yet: train() writes the log at the first epoch's end.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { epochsCompleted: 0, lastEpoch: null };
    throw error;
  }
  const records = lines.map((line) => JSON.parse(line) as EpochRecord);
  const last = records.at(-1) ?? null;
  // Recipes with SR pre-training log two phases: count the epochs of the phase that ran last.
  return { epochsCompleted: records.filter((record) => record.phase === last?.phase).length, lastEpoch: last };
}

async function previousRecord(file: string): Promise<ReproductionRecord | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ReproductionRecord;
  } catch {
    return null;
  }
}

/**
 * Runs a recipe as an ordinary resumable run in `outDir`, then writes `reproduction.json` (our
 * figure, the paper's, backend, hardware, wall time) and adds the comparison to report.md. An
 * interrupted run leaves a record with its wall time so far; `resume` continues it and adds up.
 */
export async function reproduce(recipe: Recipe, options: ReproduceOptions): Promise<Reproduction> {
  if (recipe.unavailable) throw new RecipeUnavailableError(recipe.name, recipe.unavailable);
  const { epochs, limit, size, classifierOptions, srOptions, outDir, dataDir, seed, microBatchSize, backend, registry, prepared, ...trainOptions } = options;
  const shrink: RecipeShrink = {
    ...(epochs !== undefined ? { epochs } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(size !== undefined ? { size: [size[0], size[1]] as const } : {}),
    ...(classifierOptions !== undefined ? { classifierOptions } : {}),
    ...(srOptions !== undefined ? { srOptions } : {}),
  };
  const preparedRun = () => {
    if (!registry) throw new InvalidArgumentError('registry', "reproduce needs a registry to create the recipe's plugins, or a prepared run");
    const runOptions = { outDir, ...(dataDir ? { dataDir } : {}), ...(seed !== undefined ? { seed } : {}), ...(microBatchSize !== undefined ? { microBatchSize } : {}) };
    return prepareTraining(recipeConfig(recipe, { ...shrink, ...runOptions }), registry);
  };
  const run = prepared ?? preparedRun();
  const file = join(outDir, 'reproduction.json');
  const previous = options.resume ? await previousRecord(file) : null;
  const record = startRecord(recipe, Object.keys(shrink).length > 0 ? shrink : null, backend, seed ?? recipe.config.seed ?? 0);
  const { batchSize, microBatchSize: micro } = run.config;
  if (micro !== undefined && micro < batchSize) {
    record.microBatchSize = micro;
    record.notes = [
      ...record.notes,
      `Each batch of ${batchSize} was summed from micro-batches of ${micro} (--micro-batch ${micro}), so batch norm saw ${micro} images at a time.`,
    ];
  }
  if (previous?.recipe === recipe.name) {
    record.wallSeconds = previous.wallSeconds;
    record.invocations = previous.invocations;
    // Records written before machines were tracked hold their time under their own hardware.
    record.machines = previous.machines?.map((share) => ({ ...share })) ?? [
      { cpu: previous.hardware.cpu, cores: previous.hardware.cores, backend: previous.backend, wallSeconds: previous.wallSeconds, invocations: previous.invocations },
    ];
  }
  let counted = performance.now();
  let newInvocation = true;
  // Adds the time since the last write, so a run killed without a graceful stop (a machine taken
  // away) still has its wall time up to its newest checkpoint on record.
  const write = async (status: ReproductionRecord['status']) => {
    const now = performance.now();
    addWallTime(record, (now - counted) / 1000, { newInvocation });
    counted = now;
    newInvocation = false;
    record.status = status;
    record.progress = await readProgress(outDir);
    await writeAtomically(file, `${JSON.stringify(record, null, 2)}\n`);
  };
  const callbacks = {
    ...trainOptions.callbacks,
    onCheckpoint: async (info: Parameters<NonNullable<TrainCallbacks['onCheckpoint']>>[0]) => {
      await trainOptions.callbacks?.onCheckpoint?.(info);
      await write('running');
    },
  };
  let result: TrainResult;
  try {
    result = await train(run, { ...trainOptions, callbacks });
  } catch (error) {
    if (TrainingInterruptedError.isInstance(error)) await write('interrupted');
    throw error;
  }
  const test = result.test;
  if (test) {
    record.ours = recipe.metric === 'accuracy' ? test.accuracy : test.meanPerClassAccuracy;
    if (recipe.paper) record.differencePoints = (record.ours - recipe.paper.value) * 100;
  }
  record.finishedAt = new Date().toISOString();
  await write('finished');
  const report = join(outDir, 'report.md');
  await writeFile(report, withReproductionSection(await readFile(report, 'utf8'), record));
  return { result, record };
}

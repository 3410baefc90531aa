import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetNotFoundError, type ImageShape } from '@lowres/core';
import { CheckpointManager, type LoadedCheckpoint, restoreModel, type CheckpointState } from '@lowres/engine';
import { type TrainConfig, parseTrainConfig, pluginName } from '../config/train-config';
import { CheckpointCorruptError } from '../errors';
import { type Pipeline, composePipeline } from '../pipeline/compose-pipeline';
import type { Registry } from '../registry/registry';

/** A trained pipeline rebuilt from a run directory. */
export interface LoadedRun {
  readonly config: TrainConfig;
  readonly pipeline: Pipeline;
  /** The checkpoint the weights came from. */
  readonly checkpoint: string;
  /** Whether that is the run's final model (else the newest or best checkpoint of an unfinished run). */
  readonly finished: boolean;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetNotFoundError(file, 'is this a lowres run directory?');
    throw error;
  }
}

/** Which weights {@link loadRun} takes: the final model, the best or newest checkpoint, or a step checkpoint's directory name. */
export type CheckpointChoice = 'final' | 'best' | 'latest' | (string & {});

/** Options of {@link loadRun}. */
export interface LoadRunOptions {
  registry: Registry;
  warn?: (message: string) => void;
  /** The weights to load (default: the reported ones, see {@link loadRun}). */
  checkpoint?: CheckpointChoice;
}

async function loadChosen(manager: CheckpointManager<CheckpointState>, choice: CheckpointChoice): Promise<LoadedCheckpoint<unknown>> {
  const loaded =
    choice === 'final'
      ? await manager.loadFinal()
      : choice === 'best'
        ? await manager.loadBest()
        : choice === 'latest'
          ? await manager.loadLatest()
          : await manager.loadStep(choice);
  if (!loaded) {
    throw new CheckpointCorruptError(join(manager.root, choice), "no such usable checkpoint: expected 'final', 'best', 'latest' or a step checkpoint's directory name (phaseNN-stepNNNNNNNNN)");
  }
  return loaded;
}

/**
 * Rebuilds the pipeline of a run (config.json + pipeline.json) and loads the weights its reported
 * figures were computed with: the final model. An unfinished run falls back (with a warning) to the
 * best checkpoint when early stopping keeps one, else to the newest valid checkpoint. `checkpoint`
 * picks other weights (a diagnostic: the figures reported for the run are the final model's).
 */
export async function loadRun(runDir: string, options: LoadRunOptions): Promise<LoadedRun> {
  const config = parseTrainConfig(await readJson(join(runDir, 'config.json')));
  const shape = (await readJson(join(runDir, 'pipeline.json'))) as { input: ImageShape; classes: number };
  const { registry } = options;
  const sr = registry.createSr(pluginName(config.sr).name, pluginName(config.sr).options);
  await sr.load?.();
  const classifier = registry.createClassifier(pluginName(config.classifier).name, pluginName(config.classifier).options);
  const pipeline = composePipeline({ sr, classifier, input: shape.input, classes: shape.classes });
  const warn = options.warn ?? ((message: string) => console.warn(`warning: ${message}`));
  const manager = new CheckpointManager<CheckpointState>(join(runDir, 'checkpoints'), 1, warn);
  if (options.checkpoint !== undefined) {
    const loaded = await loadChosen(manager, options.checkpoint);
    restoreModel(pipeline.model, loaded.arrays, loaded.dir);
    return { config, pipeline, checkpoint: loaded.dir, finished: options.checkpoint === 'final' };
  }
  let loaded: LoadedCheckpoint<unknown> | null = await manager.loadFinal();
  const finished = loaded !== null;
  if (!loaded && config.earlyStopping?.restoreBest) loaded = await manager.loadBest();
  loaded ??= await manager.loadLatest();
  if (!loaded) throw new CheckpointCorruptError(manager.root, 'no usable checkpoint');
  if (!finished) {
    warn(`${runDir} has no final model (the run has not finished); using ${loaded.dir}, whose batch-norm statistics are the training-time ones`);
  }
  restoreModel(pipeline.model, loaded.arrays, loaded.dir);
  return { config, pipeline, checkpoint: loaded.dir, finished };
}

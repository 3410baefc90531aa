import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetNotFoundError, type ImageShape, type SrFrontEnd } from '@lowres/core';
import { CheckpointManager, type LoadedCheckpoint } from '../checkpoint/checkpoint-manager';
import { restoreModel } from '../checkpoint/model-state';
import { type TrainConfig, parseTrainConfig, pluginName } from '../config/train-config';
import { CheckpointCorruptError } from '../errors';
import { type Pipeline, composePipeline } from '../pipeline/compose-pipeline';
import { defaultRegistry } from '../registry/default-registry';
import type { Registry } from '../registry/registry';
import type { CheckpointState } from './run-phase';

/** A trained pipeline rebuilt from a run directory. */
export interface LoadedRun {
  readonly config: TrainConfig;
  readonly pipeline: Pipeline;
  /** The checkpoint the weights came from. */
  readonly checkpoint: string;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetNotFoundError(file, 'is this a lowres run directory?');
    throw error;
  }
}

/**
 * Rebuilds the pipeline of a finished run (config.json + pipeline.json) and loads its weights from
 * the best checkpoint when early stopping restored one, else from the newest valid checkpoint.
 */
export async function loadRun(runDir: string, options: { registry?: Registry; warn?: (message: string) => void } = {}): Promise<LoadedRun> {
  const config = parseTrainConfig(await readJson(join(runDir, 'config.json')));
  const shape = (await readJson(join(runDir, 'pipeline.json'))) as { input: ImageShape; classes: number };
  const registry = options.registry ?? (defaultRegistry as unknown as Registry);
  const sr = registry.createSr(pluginName(config.sr).name, pluginName(config.sr).options);
  await (sr as SrFrontEnd & { load?: () => Promise<void> }).load?.();
  const classifier = registry.createClassifier(pluginName(config.classifier).name, pluginName(config.classifier).options);
  const pipeline = composePipeline({ sr, classifier, input: shape.input, classes: shape.classes });
  const manager = new CheckpointManager<CheckpointState>(join(runDir, 'checkpoints'), 1, options.warn ?? ((m) => console.warn(`warning: ${m}`)));
  let loaded: LoadedCheckpoint<CheckpointState> | null = null;
  if (config.earlyStopping?.restoreBest) loaded = await manager.loadBest();
  loaded ??= await manager.loadLatest();
  if (!loaded) throw new CheckpointCorruptError(manager.root, 'no usable checkpoint');
  restoreModel(pipeline.model, loaded.arrays, loaded.dir);
  return { config, pipeline, checkpoint: loaded.dir };
}

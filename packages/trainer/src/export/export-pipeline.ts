import { writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileSystemIO } from '@lowres/core';
import { DATASET_NAMES, datasetInfo } from '@lowres/datasets';
import { type TrainConfig, pluginName } from '../config/train-config';
import type { Registry } from '../registry/registry';
import { type LoadedRun, loadRun } from '../training/load-run';
import { PIPELINE_MANIFEST_FILE, type PipelineManifest, parsePipelineManifest } from './pipeline-manifest';

/** Options of {@link exportPipeline}. */
export interface ExportPipelineOptions {
  /** Plugins the run's names resolve in (the CLI's `defaultRegistry` holds every first-party one). */
  registry: Registry;
  /** Class names (default: the catalogue's for the run's dataset, else "0", "1", …). */
  classNames?: readonly string[];
  /** Where checkpoint warnings go (default: console.warn). */
  warn?: (message: string) => void;
}

/** What {@link exportPipeline} wrote. */
export interface ExportedFiles {
  readonly manifest: PipelineManifest;
  /** The run's training configuration (how its data was prepared). */
  readonly config: TrainConfig;
  readonly files: readonly string[];
}

function defaultClassNames(run: LoadedRun): string[] {
  const name = run.config.dataset?.name;
  const catalogue = name && (DATASET_NAMES as readonly string[]).includes(name) ? datasetInfo(name).classNames : undefined;
  if (catalogue && catalogue.length === run.pipeline.classes) return [...catalogue];
  return Array.from({ length: run.pipeline.classes }, (_, index) => String(index));
}

/** The manifest of a loaded run's pipeline. */
export function pipelineManifest(run: LoadedRun, classNames: readonly string[] = defaultClassNames(run)): PipelineManifest {
  const { pipeline, config } = run;
  return parsePipelineManifest(
    {
      format: 'lowres-pipeline',
      version: 1,
      input: pipeline.input,
      classifierInput: pipeline.classifierInput,
      classes: pipeline.classes,
      classNames: [...classNames],
      sr: { name: pluginName(config.sr).name, scale: pipeline.sr.scale, layer: pipeline.srModel.name },
      classifier: { name: pluginName(config.classifier).name, layer: pipeline.classifierModel.name },
      preprocessing: { pixelRange: [0, 1], layout: 'NHWC', lowResolution: config.lowResolution ?? null },
      // Relative to the run directory (checkpoints/<name>), so the export names no path of this machine.
      checkpoint: relative(dirname(dirname(run.checkpoint)), run.checkpoint),
    },
    'classNames',
  );
}

/**
 * Writes a trained run's pipeline as a TF.js LayersModel (model.json + weights.bin) to `outDir`,
 * with its manifest both in model.json's userDefinedMetadata (what `loadExportedPipeline` reads)
 * and as lowres-pipeline.json for people and tools.
 */
export async function exportPipeline(runDir: string, outDir: string, options: ExportPipelineOptions): Promise<ExportedFiles> {
  const run = await loadRun(runDir, options);
  try {
    const manifest = pipelineManifest(run, options.classNames ?? defaultClassNames(run));
    run.pipeline.model.setUserDefinedMetadata(manifest);
    await run.pipeline.model.save(fileSystemIO(outDir));
    await writeFile(join(outDir, PIPELINE_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return { manifest, config: run.config, files: ['model.json', 'weights.bin', PIPELINE_MANIFEST_FILE].map((file) => join(outDir, file)) };
  } finally {
    run.pipeline.model.dispose();
  }
}

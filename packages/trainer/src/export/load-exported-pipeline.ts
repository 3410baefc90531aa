import { DatasetFormatError, modelIO } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { registerLayers as registerBicubicLayers } from '../registry/bicubic-layer';
import { type PipelineManifest, parsePipelineManifest } from './pipeline-manifest';

/** A pipeline read back from an export: the whole model, handles to both parts, and its manifest. */
export interface ExportedPipeline {
  /** input → SR → class probabilities. */
  readonly model: tf.LayersModel;
  /** The SR part (shares weights with `model`). */
  readonly srModel: tf.LayersModel;
  /** The classifier part (shares weights with `model`). */
  readonly classifierModel: tf.LayersModel;
  readonly manifest: PipelineManifest;
}

function part(model: tf.LayersModel, name: string, source: string): tf.LayersModel {
  const layer = model.layers.find((candidate) => candidate.name === name);
  if (!(layer instanceof tf.LayersModel)) {
    throw new DatasetFormatError(source, `the manifest names part '${name}', which the model does not hold as a sub-model`);
  }
  return layer;
}

/** Options of {@link loadExportedPipeline}. */
export interface LoadExportedPipelineOptions {
  /**
   * Custom-layer registrations of the plugins the pipeline may hold, called before loading (each
   * model package's `registerLayers`; @lowres/cli's `registerDefaultLayers` covers every first-party
   * one). The trainer's own bicubic layer is always registered.
   */
  readonly registerLayers?: readonly (() => void)[];
}

/**
 * Loads a pipeline written by `exportPipeline` / `lowres export`: in Node a folder (or URL), in a
 * browser the URL of the folder. Registers the plugins' custom layers first (explicit calls, so
 * bundlers that honour `sideEffects: false` keep them).
 */
export async function loadExportedPipeline(location: string | tf.io.IOHandler, options: LoadExportedPipelineOptions = {}): Promise<ExportedPipeline> {
  registerBicubicLayers();
  for (const register of options.registerLayers ?? []) register();
  const source = typeof location === 'string' ? location : 'the IOHandler';
  const model = await tf.loadLayersModel(typeof location === 'string' ? modelIO(location) : location);
  try {
    const manifest = parsePipelineManifest(model.getUserDefinedMetadata(), `${source} (model.json userDefinedMetadata)`);
    return {
      model,
      srModel: part(model, manifest.sr.layer, source),
      classifierModel: part(model, manifest.classifier.layer, source),
      manifest,
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

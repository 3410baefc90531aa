import { DatasetFormatError } from '@lowres/core';
import { z } from 'zod';
import { lowResolutionSchema } from '../config/train-config';

/** File name of the manifest `exportPipeline` writes beside model.json. */
export const PIPELINE_MANIFEST_FILE = 'lowres-pipeline.json';

const shape = z.strictObject({ height: z.number().int().positive(), width: z.number().int().positive(), channels: z.number().int().positive() });

/** What an exported pipeline needs besides its weights: shapes, classes, parts and preprocessing. */
export const pipelineManifestSchema = z.strictObject({
  format: z.literal('lowres-pipeline'),
  version: z.literal(1),
  /** One low-resolution input image, as the model takes it. */
  input: shape,
  /** The images the classifier sees (the SR output). */
  classifierInput: shape,
  classes: z.number().int().min(2),
  classNames: z.array(z.string()),
  sr: z.strictObject({ name: z.string().min(1), scale: z.number().int().positive(), layer: z.string().min(1) }),
  classifier: z.strictObject({ name: z.string().min(1), layer: z.string().min(1) }),
  preprocessing: z.strictObject({
    /** Pixels are float32 in [0, 1], NHWC. */
    pixelRange: z.tuple([z.literal(0), z.literal(1)]),
    layout: z.literal('NHWC'),
    /** How the training images were made low resolution (MATLAB bicubic), if they were. */
    lowResolution: lowResolutionSchema.nullable(),
  }),
  /** Checkpoint the weights came from, relative to the run directory (checkpoints/<name>). */
  checkpoint: z.string(),
});

/** The manifest of an exported pipeline (also held in model.json's userDefinedMetadata). */
export type PipelineManifest = z.output<typeof pipelineManifestSchema>;

/** Validates an exported pipeline's manifest; DatasetFormatError names `source` and the first bad field. */
export function parsePipelineManifest(raw: unknown, source: string): PipelineManifest {
  const result = pipelineManifestSchema.safeParse(raw);
  if (result.success) {
    if (result.data.classNames.length !== result.data.classes) {
      throw new DatasetFormatError(source, `classNames has ${result.data.classNames.length} names for ${result.data.classes} classes`);
    }
    return result.data;
  }
  const issue = result.error.issues[0]!;
  throw new DatasetFormatError(source, `not a lowres pipeline manifest: '${issue.path.join('.') || '(root)'}' ${issue.message}`);
}

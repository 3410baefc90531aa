import { DatasetFormatError, type ImageShape, requirePositiveInteger } from '@lowres/core';
import { z } from 'zod';
import type { CheckedDataset } from '../data/image-dataset';

/** File name of the test images `lowres export --samples` writes beside the model. */
export const PIPELINE_SAMPLES_FILE = 'samples.json';

/** Test images stored with an export, as the pipeline takes them (float pixels in [0, 1], NHWC). */
export const pipelineSamplesSchema = z.strictObject({
  shape: z.strictObject({ height: z.number().int().positive(), width: z.number().int().positive(), channels: z.number().int().positive() }),
  images: z.array(z.strictObject({ label: z.number().int().min(0), pixels: z.array(z.number().min(0).max(1)) })),
});

/** Test images stored with an export. */
export type PipelineSamples = z.output<typeof pipelineSamplesSchema>;

/** The first `count` images of a dataset (bytes become /255 floats), for {@link PIPELINE_SAMPLES_FILE}. */
export function pipelineSamples(dataset: CheckedDataset, count: number): PipelineSamples {
  requirePositiveInteger('count', count);
  const shape: ImageShape = { height: dataset.height, width: dataset.width, channels: dataset.channels };
  const size = shape.height * shape.width * shape.channels;
  const scale = dataset.images instanceof Uint8Array ? 1 / 255 : 1;
  const images = Array.from({ length: Math.min(count, dataset.count) }, (_, index) => ({
    label: Number(dataset.labels[index]),
    pixels: Array.from(dataset.images.subarray(index * size, (index + 1) * size), (value) => Math.min(1, Math.max(0, value * scale))),
  }));
  return { shape, images };
}

/** Validates {@link PIPELINE_SAMPLES_FILE} content; DatasetFormatError names `source` and the problem. */
export function parsePipelineSamples(raw: unknown, source: string): PipelineSamples {
  const result = pipelineSamplesSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new DatasetFormatError(source, `not a lowres samples file: '${issue.path.join('.') || '(root)'}' ${issue.message}`);
  }
  const { shape, images } = result.data;
  const size = shape.height * shape.width * shape.channels;
  const wrong = images.findIndex((image) => image.pixels.length !== size);
  if (wrong >= 0) throw new DatasetFormatError(source, `image ${wrong} has ${images[wrong]!.pixels.length} pixels, the shape needs ${size}`);
  return result.data;
}

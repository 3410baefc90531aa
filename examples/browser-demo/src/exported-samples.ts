import { PIPELINE_SAMPLES_FILE, type PipelineSamples, parsePipelineSamples } from '@lowres/trainer';
import type { FloatImage } from './classify';

/** The test images exported beside the model, or undefined when the export has none. */
export async function loadSamples(modelUrl: string): Promise<PipelineSamples | undefined> {
  const url = `${modelUrl.replace(/\/+$/, '')}/${PIPELINE_SAMPLES_FILE}`;
  const response = await fetch(url);
  return response.ok ? parsePipelineSamples(await response.json(), url) : undefined;
}

/** Stored test image `index` as a float image; a RangeError when there is none. */
export function sampleImage(samples: PipelineSamples | undefined, index: number): FloatImage {
  const sample = samples?.images[index];
  if (!samples || !sample) throw new RangeError(`no test image ${index}; the export holds ${samples?.images.length ?? 0}`);
  return { ...samples.shape, pixels: Float32Array.from(sample.pixels) };
}

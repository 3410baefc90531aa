import { imresize } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import type { CheckedDataset } from '../data/image-dataset';
import { gatherPixels } from '../data/image-dataset';
import type { Pipeline } from '../pipeline/compose-pipeline';
import type { SampleRow } from './write-report';

/**
 * Sample rows (input | bicubic | SR output) for the first `count` images of a dataset, plus the
 * original (HR) image when `originals` holds the images the inputs were degraded from.
 */
export function srSamples(pipeline: Pipeline, dataset: CheckedDataset, count: number, originals?: CheckedDataset): SampleRow[] {
  const n = Math.min(count, dataset.count);
  const { height, width, channels } = dataset.shape;
  const out = pipeline.classifierInput;
  const [bicubic, sr] = tf.tidy(() => {
    const x = tf.tensor4d(gatherPixels(dataset, Array.from({ length: n }, (_, i) => i)), [n, height, width, channels]);
    const resized = imresize(x, { size: [out.height, out.width] });
    return [resized.dataSync() as Float32Array, (pipeline.srModel.predict(x) as tf.Tensor).dataSync() as Float32Array];
  });
  const lowPixels = gatherPixels(dataset, Array.from({ length: n }, (_, i) => i));
  const lowSize = height * width * channels;
  const highSize = out.height * out.width * channels;
  const hr = originals ? gatherPixels(originals, Array.from({ length: n }, (_, i) => i)) : null;
  const hrSize = originals ? originals.height * originals.width * originals.channels : 0;
  return Array.from({ length: n }, (_, i) => ({
    channels,
    panels: [
      { title: 'input', pixels: lowPixels.subarray(i * lowSize, (i + 1) * lowSize), height, width },
      { title: 'bicubic', pixels: bicubic.subarray(i * highSize, (i + 1) * highSize), height: out.height, width: out.width },
      { title: 'SR', pixels: sr.subarray(i * highSize, (i + 1) * highSize), height: out.height, width: out.width },
      ...(hr && originals
        ? [{ title: 'HR', pixels: hr.subarray(i * hrSize, (i + 1) * hrSize), height: originals.height, width: originals.width }]
        : []),
    ],
  }));
}

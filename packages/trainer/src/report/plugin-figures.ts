import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClassifierBackEnd, FigureHook, SrFrontEnd } from '@lowres/core';
import { encodePng } from '@lowres/metrics';
import * as tf from '@tensorflow/tfjs';
import { type CheckedDataset, gatherLabels, gatherPixels } from '../data/image-dataset';
import type { Pipeline } from '../pipeline/compose-pipeline';

/** A figure written under `plots/` and linked from the report. */
export interface Figure {
  title: string;
  file: string;
}

function firstImages(dataset: CheckedDataset, count: number): { images: tf.Tensor4D; labels: Int32Array } {
  const n = Math.min(count, dataset.count);
  const indices = Array.from({ length: n }, (_, i) => i);
  const { height, width, channels } = dataset.shape;
  return { images: tf.tensor4d(gatherPixels(dataset, indices), [n, height, width, channels]), labels: gatherLabels(dataset, indices) };
}

async function writeFigures(runDir: string, hook: FigureHook, model: tf.LayersModel, images: tf.Tensor4D, labels: Int32Array): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const figure of hook({ model, images, labels })) {
    const file = `plots/${figure.name}.png`;
    await writeFile(join(runDir, file), encodePng(figure.pixels, figure.width, figure.height, figure.channels));
    figures.push({ title: figure.title, file });
  }
  return figures;
}

/**
 * Runs the plugins' figure hooks on the first `count` images and writes their pictures under
 * `plots/`: the classifier's on the images as it sees them (after the SR front end), the SR front
 * end's on the HR images (`targets`, or the shown images when the run has no HR originals).
 */
export async function writePluginFigures(
  runDir: string,
  plugins: { sr: SrFrontEnd; classifier: ClassifierBackEnd },
  pipeline: Pipeline,
  shown: CheckedDataset,
  targets: CheckedDataset | null,
  count: number,
): Promise<Figure[]> {
  const { sr, classifier } = plugins;
  if (!sr.figures && !classifier.figures) return [];
  await mkdir(join(runDir, 'plots'), { recursive: true });
  const figures: Figure[] = [];
  if (classifier.figures) {
    const { images, labels } = firstImages(shown, count);
    const seen = tf.tidy(() => pipeline.srModel.predict(images) as tf.Tensor4D);
    try {
      figures.push(...(await writeFigures(runDir, classifier.figures, pipeline.classifierModel, seen, labels)));
    } finally {
      tf.dispose([images, seen]);
    }
  }
  if (sr.figures) {
    const { images, labels } = firstImages(targets ?? shown, count);
    try {
      figures.push(...(await writeFigures(runDir, sr.figures, pipeline.srModel, images, labels)));
    } finally {
      images.dispose();
    }
  }
  return figures;
}

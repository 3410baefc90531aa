import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classEvidence, renderEvidenceHeatmap } from '@lowres/bagnet';
import { renderWeightMapPng, weightMap } from '@lowres/hf-weighted-sr';
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

/** BagNet class-evidence heatmaps (true class) of the first images, as seen after the SR front end. */
export async function writeBagnetHeatmaps(runDir: string, pipeline: Pipeline, dataset: CheckedDataset, count: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  await mkdir(join(runDir, 'plots'), { recursive: true });
  const { images, labels } = firstImages(dataset, count);
  try {
    const upscaled = pipeline.srModel.predict(images) as tf.Tensor4D;
    const evidence = classEvidence(pipeline.classifierModel, upscaled);
    try {
      for (let i = 0; i < labels.length; i++) {
        const png = tf.tidy(() =>
          // SR outputs may overshoot [0, 1] slightly; the picture shows them clipped, the evidence is unchanged.
          renderEvidenceHeatmap(upscaled.slice(i, 1).clipByValue(0, 1) as tf.Tensor4D, evidence.slice(i, 1), { classIndex: labels[i]!, scale: 4 }),
        );
        const file = `plots/bagnet-evidence-${i}.png`;
        await writeFile(join(runDir, file), png);
        figures.push({ title: `BagNet evidence for class ${labels[i]} (image ${i})`, file });
      }
    } finally {
      tf.dispose([upscaled, evidence]);
    }
  } finally {
    images.dispose();
  }
  return figures;
}

/** High-frequency weight maps (α = 1/5) of the first images, the pixels WDSR's weighted L1 trains on. */
export async function writeWeightMaps(runDir: string, dataset: CheckedDataset, count: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  await mkdir(join(runDir, 'plots'), { recursive: true });
  const { images } = firstImages(dataset, count);
  try {
    for (let i = 0; i < images.shape[0]; i++) {
      const png = tf.tidy(() => renderWeightMapPng(weightMap(images.slice(i, 1).squeeze([0]) as tf.Tensor3D, { alpha: 1 / 5 })));
      const file = `plots/weight-map-${i}.png`;
      await writeFile(join(runDir, file), png);
      figures.push({ title: `weight map α = 1/5 (image ${i})`, file });
    }
  } finally {
    images.dispose();
  }
  return figures;
}

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultRegistry } from '@lowres/cli';
import { loadDataset } from '@lowres/datasets';
import {
  PIPELINE_SAMPLES_FILE,
  checkDataset,
  degradeDataset,
  exportPipeline,
  type ImageDataset,
  type PipelineManifest,
  pipelineSamples,
  train,
} from '@lowres/trainer';

async function split(name: 'train' | 'test', limit: number): Promise<ImageDataset> {
  const loaded = await loadDataset('fashion-mnist-mini', { split: name });
  if (loaded.kind !== 'images') throw new Error('fashion-mnist-mini holds images');
  const size = loaded.data.height * loaded.data.width;
  return {
    ...loaded.data,
    images: loaded.data.images.subarray(0, limit * size),
    labels: Array.from(loaded.data.labels).slice(0, limit),
    count: limit,
    classes: loaded.info.classes,
  };
}

/**
 * Trains RACNN-SR ×2 + a narrow BagNet-9 for one short epoch on embedded Fashion-MNIST images
 * degraded 28→14 (a few seconds), and exports it with `samples` test images to `outDir`.
 */
export async function trainAndExportTiny(runDir: string, outDir: string, samples: number): Promise<PipelineManifest> {
  const lowResolution = { factor: 2, restore: false as const };
  const run = await train(
    {
      mode: 'end-to-end',
      sr: { name: 'racnn', options: { scale: 2 } },
      classifier: { name: 'bagnet9', options: { width: 0.125 } },
      dataset: { name: 'fashion-mnist-mini', options: {} },
      lowResolution,
      epochs: 1,
      batchSize: 16,
      seed: 1,
      optimizer: { name: 'adam', learningRate: 3e-3 },
      evaluateTest: false,
      outDir: runDir,
    },
    { data: { train: await split('train', 128) }, registry: defaultRegistry, progress: null },
  );
  run.pipeline.model.dispose();
  const { manifest } = await exportPipeline(runDir, outDir, { registry: defaultRegistry });
  const test = degradeDataset(checkDataset(await split('test', samples), 'test'), lowResolution);
  await writeFile(join(outDir, PIPELINE_SAMPLES_FILE), JSON.stringify(pipelineSamples(test, samples)));
  return manifest;
}

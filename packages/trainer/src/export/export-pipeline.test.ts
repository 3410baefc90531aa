import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetFormatError, fileSystemIO, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bicubicSr } from '../registry/bicubic-sr';
import { identitySr } from '../registry/identity-sr';
import { createRegistry } from '../registry/registry';
import { quadrantDataset, tinyClassifier } from '../test-support/tiny-plugins';
import { loadRun } from '../training/load-run';
import { train } from '../training/train';
import { exportPipeline } from './export-pipeline';
import { loadExportedPipeline } from './load-exported-pipeline';
import { PIPELINE_MANIFEST_FILE } from './pipeline-manifest';

const registry = createRegistry({ sr: { none: identitySr, bicubic: bicubicSr({ scale: 2 }) }, classifiers: { tiny: tinyClassifier } });
let root = '';
let runDir = '';

beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-export-'));
  runDir = join(root, 'run');
  const run = await train(
    { sr: 'bicubic', classifier: 'tiny', epochs: 1, batchSize: 8, seed: 3, optimizer: { name: 'adam', learningRate: 0.05 }, evaluateTest: false, outDir: runDir },
    { registry, data: { train: quadrantDataset(16, 4, 3) }, progress: null },
  );
  run.pipeline.model.dispose();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('exportPipeline', () => {
  it('writes a LayersModel whose predictions in Node equal those of the run it came from', async () => {
    const outDir = join(root, 'export');
    const images = quadrantDataset(6, 4, 9);
    const batch = tf.tensor4d(Float32Array.from(images.images, (v) => v / 255), [6, 4, 4, 1]);
    await expectNoTensorLeaks(async () => {
      const written = await exportPipeline(runDir, outDir, { registry, classNames: ['top-left', 'top-right', 'bottom-left', 'bottom-right'] });
      expect(written.files.map((file) => file.slice(outDir.length + 1))).toEqual(['model.json', 'weights.bin', PIPELINE_MANIFEST_FILE]);
      const run = await loadRun(runDir, { registry });
      const exported = await loadExportedPipeline(outDir);
      const [expected, actual, sr] = tf.tidy(() => [
        run.pipeline.model.predict(batch) as tf.Tensor,
        exported.model.predict(batch) as tf.Tensor,
        exported.srModel.predict(batch) as tf.Tensor,
      ]);
      expect(Array.from(actual!.dataSync())).toEqual(Array.from(expected!.dataSync()));
      expect(sr!.shape).toEqual([6, 8, 8, 1]);
      expect(exported.classifierModel.outputs[0]!.shape).toEqual([null, 4]);
      tf.dispose([expected!, actual!, sr!]);
      run.pipeline.model.dispose();
      exported.model.dispose();
    }, 'export round trip');
    batch.dispose();
    const manifest = JSON.parse(await readFile(join(outDir, PIPELINE_MANIFEST_FILE), 'utf8'));
    // The run's final model: the one its report scored.
    expect(manifest.checkpoint).toBe('checkpoints/final');
    expect(manifest).toMatchObject({
      format: 'lowres-pipeline',
      input: { height: 4, width: 4, channels: 1 },
      classifierInput: { height: 8, width: 8, channels: 1 },
      classes: 4,
      classNames: ['top-left', 'top-right', 'bottom-left', 'bottom-right'],
      sr: { name: 'bicubic', scale: 2 },
      classifier: { name: 'tiny' },
      preprocessing: { pixelRange: [0, 1], layout: 'NHWC', lowResolution: null },
    });
    const modelJson = JSON.parse(await readFile(join(outDir, 'model.json'), 'utf8'));
    expect(modelJson.userDefinedMetadata).toEqual(manifest);
  });

  it('names the class-name list that does not match the classes', async () => {
    await expect(exportPipeline(runDir, join(root, 'bad'), { registry, classNames: ['a', 'b'] })).rejects.toThrow(/classNames has 2 names for 4 classes/);
  });
});

/** A layer class that TF.js serialization knows only once the test's registration has run. */
class DoubleForExportTest extends tf.layers.Layer {
  static className = 'DoubleForExportTest';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.mul(Array.isArray(inputs) ? inputs[0]! : inputs, 2);
  }
}

describe('loadExportedPipeline', () => {
  it("calls the plugins' layer registrations before reading a model that needs them", async () => {
    const doubled = {
      ...tinyClassifier,
      name: 'doubled',
      build: (input: { height: number; width: number; channels: number }, classes: number) => {
        const image = tf.input({ shape: [input.height, input.width, input.channels] });
        const model = tinyClassifier.build(input, classes);
        return tf.model({ inputs: image, outputs: model.apply(new DoubleForExportTest({}).apply(image)) as tf.SymbolicTensor });
      },
    };
    const customRun = join(root, 'custom-run');
    const trained = await train(
      { classifier: 'doubled', epochs: 1, batchSize: 8, evaluateTest: false, outDir: customRun },
      { registry: createRegistry({ sr: { none: identitySr }, classifiers: { doubled } }), data: { train: quadrantDataset(8, 4, 3) }, progress: null },
    );
    trained.pipeline.model.dispose();
    const outDir = join(root, 'custom-export');
    await exportPipeline(customRun, outDir, { registry: createRegistry({ sr: { none: identitySr }, classifiers: { doubled } }) });
    await expect(loadExportedPipeline(outDir)).rejects.toThrow(/DoubleForExportTest/);
    let registrations = 0;
    const register = () => {
      registrations += 1;
      tf.serialization.registerClass(DoubleForExportTest);
    };
    const exported = await loadExportedPipeline(outDir, { registerLayers: [register] });
    expect(registrations).toBe(1);
    expect(exported.manifest.classifier.name).toBe('doubled');
    exported.model.dispose();
  });

  it('rejects a model.json without a lowres manifest, naming the file and field', async () => {
    const outDir = join(root, 'plain');
    const image = tf.input({ shape: [2] });
    const model = tf.model({ inputs: image, outputs: tf.layers.dense({ units: 2 }).apply(image) as tf.SymbolicTensor });
    await model.save(fileSystemIO(outDir));
    model.dispose();
    const failure = loadExportedPipeline(outDir);
    await expect(failure).rejects.toSatisfy((error) => DatasetFormatError.isInstance(error));
    await expect(loadExportedPipeline(outDir)).rejects.toThrow(/userDefinedMetadata\): not a lowres pipeline manifest: '\(root\)'/);
    await writeFile(join(outDir, 'model.json'), '{');
    await expect(loadExportedPipeline(outDir)).rejects.toThrow(/model\.json: not valid JSON/);
  });
});

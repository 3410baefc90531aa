import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InvalidArgumentError, initBackend, saveLayersModel, ShapeMismatchError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { googlenet } from './googlenet';
import { loadBackEndWeights } from './load-weights';
import { preactResnet164 } from './preact-resnet164';

const INPUT = { height: 4, width: 4, channels: 3 };
let directory: string;
let source: tf.LayersModel;
let artifacts: tf.io.ModelArtifacts;

function predict(model: tf.LayersModel): Float32Array {
  return tf.tidy(() => (model.predict(tf.randomUniform([2, 4, 4, 3], 0, 1, 'float32', 3)) as tf.Tensor).dataSync() as Float32Array);
}

beforeAll(async () => {
  await initBackend('cpu');
  directory = await mkdtemp(path.join(tmpdir(), 'backbones-weights-'));
  source = preactResnet164().build(INPUT, 3);
  await saveLayersModel(source, directory);
  await source.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
});

afterAll(async () => {
  source.dispose();
  await rm(directory, { recursive: true, force: true });
});

describe('loadBackEndWeights', () => {
  it('loads weights saved to a directory (plain path or file:// URL) into a fresh model', async () => {
    for (const location of [directory, `file://${directory}`]) {
      const model = preactResnet164().build(INPUT, 3);
      expect(Array.from(predict(model))).not.toEqual(Array.from(predict(source)));
      await expectNoTensorLeaks(() => loadBackEndWeights(model, location), 'loading weights');
      expect(Array.from(predict(model))).toEqual(Array.from(predict(source)));
      model.dispose();
    }
  });

  it('loads from any tf.io.IOHandler', async () => {
    const model = preactResnet164({ classesActivation: 'linear' }).build(INPUT, 3);
    await loadBackEndWeights(model, tf.io.fromMemory(artifacts));
    const weights = model.getWeights();
    const expected = source.getWeights();
    expect(weights.length).toBe(expected.length);
    weights.forEach((weight, i) => {
      expect(Array.from(weight.dataSync())).toEqual(Array.from(expected[i]!.dataSync()));
    });
    model.dispose();
  });

  it('rejects weights of another shape with a ShapeMismatchError and changes nothing', async () => {
    const model = preactResnet164().build(INPUT, 5);
    const before = Array.from(predict(model));
    const error = await expectNoTensorLeaks(() => loadBackEndWeights(model, directory).catch((caught: unknown) => caught), 'failed load');
    expect(ShapeMismatchError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/fc\/kernel.*\[256, 5\].*\[256, 3\]/);
    expect(Array.from(predict(model))).toEqual(before);
    model.dispose();
  });

  it('rejects weights of another architecture, listing missing and unexpected names', async () => {
    const model = googlenet({ smallInput: true, dropout: 0 }).build({ height: 12, width: 12, channels: 3 }, 3);
    const error = await loadBackEndWeights(model, directory).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('weights');
    expect((error as Error).message).toMatch(/missing conv1_7x7\/kernel.*unexpected conv1\/kernel/);
    model.dispose();
  });

  it('reports a missing directory or a handler without load() with typed errors', async () => {
    const model = preactResnet164().build(INPUT, 3);
    await expect(loadBackEndWeights(model, path.join(directory, 'absent'))).rejects.toMatchObject({ code: 'DATASET_NOT_FOUND' });
    await expect(loadBackEndWeights(model, {} as tf.io.IOHandler)).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
    await expect(loadBackEndWeights(model, '')).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
    model.dispose();
  });
});

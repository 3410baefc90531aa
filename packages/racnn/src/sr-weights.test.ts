import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DatasetFormatError, DatasetNotFoundError, initBackend, ShapeMismatchError } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRacnnSr, racnnSr } from './racnn-sr';
import { loadSrWeights, saveSrWeights } from './sr-weights';
import { srcnn } from './srcnn';

let dir: string;

beforeAll(async () => {
  await initBackend('cpu');
  dir = await mkdtemp(path.join(tmpdir(), 'racnn-weights-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function weightsOf(model: tf.LayersModel, layer: string): number[][] {
  return model.getLayer(layer).getWeights().map((tensor) => Array.from(tensor.dataSync()));
}

/** A model whose SR weights are distinct from any fresh initialisation. */
function trainedLikeModel(scale: number): tf.LayersModel {
  const model = racnnSr({ scale, channels: 1, seed: 21 }).build({ height: 6, width: 6, channels: 1 });
  for (const name of ['sconv1', 'sconv2', 'sconv3']) {
    const layer = model.getLayer(name);
    const replaced = layer.getWeights().map((w, index) => tf.randomNormal(w.shape, 0, 0.05, 'float32', 100 + index));
    layer.setWeights(replaced);
    tf.dispose(replaced);
  }
  return model;
}

describe('SR weights on disk', () => {
  it('saves to a directory and loads into a front end of another input size and scale (p- init)', async () => {
    const source = trainedLikeModel(2);
    const target = path.join(dir, 'pretrained');
    await saveSrWeights(source, target);
    const frontEnd = racnnSr({ scale: 1, channels: 1, init: 'pretrained', weights: target });
    await expectNoTensorLeaks(() => frontEnd.load(), 'load');
    await frontEnd.load(); // repeated calls are harmless
    const before = tf.memory().numTensors;
    const model = frontEnd.build({ height: 9, width: 7, channels: 1 });
    expect(tf.memory().numTensors - before).toBe(model.weights.length); // only the model's own variables
    for (const name of ['sconv1', 'sconv2', 'sconv3']) expect(weightsOf(model, name)).toEqual(weightsOf(source, name));
    expect(model.outputs[0]!.shape).toEqual([null, 9, 7, 1]);
    const again = frontEnd.build({ height: 4, width: 4, channels: 1 });
    expect(weightsOf(again, 'sconv1')).toEqual(weightsOf(source, 'sconv1'));
    [source, model, again].forEach((m) => {
      m.dispose();
    });
  });

  it('loads through any IOHandler, and loadRacnnSr returns a ready front end', async () => {
    const source = trainedLikeModel(1);
    let saved: tf.io.ModelArtifacts | undefined;
    await saveSrWeights(
      source,
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const handler = tf.io.fromMemory(saved!);
    const frontEnd = await loadRacnnSr({ scale: 2, channels: 1, init: 'pretrained', weights: handler });
    const model = frontEnd.build({ height: 3, width: 3, channels: 1 });
    expect(weightsOf(model, 'sconv2')).toEqual(weightsOf(source, 'sconv2'));
    const weights = await loadSrWeights(handler);
    expect(weights.sconv3.kernel.shape).toEqual([5, 5, 32, 1]);
    const srcnnModel = srcnn({ init: 'pretrained', weights }).build({ height: 3, width: 3, channels: 1 });
    expect(weightsOf(srcnnModel, 'sconv3')).toEqual(weightsOf(source, 'sconv3'));
    [source, model, srcnnModel].forEach((m) => {
      m.dispose();
    });
  });

  it('reports a missing directory, foreign weights and a channel mismatch with typed errors', async () => {
    await expect(loadSrWeights(path.join(dir, 'missing'))).rejects.toThrow(DatasetNotFoundError);
    const input = tf.input({ shape: [4] });
    const foreign = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2, name: 'fc' }).apply(input) as tf.SymbolicTensor });
    await saveSrWeights(foreign, path.join(dir, 'foreign'));
    await expect(loadSrWeights(path.join(dir, 'foreign'))).rejects.toThrow(DatasetFormatError);
    await expect(loadSrWeights(path.join(dir, 'foreign'))).rejects.toThrow(/sconv1\/kernel/);
    foreign.dispose();
    const source = trainedLikeModel(1);
    await saveSrWeights(source, path.join(dir, 'one-channel'));
    source.dispose();
    const frontEnd = await loadRacnnSr({ init: 'pretrained', weights: path.join(dir, 'one-channel') });
    const before = tf.memory().numTensors;
    expect(() => frontEnd.build({ height: 4, width: 4, channels: 3 })).toThrow(ShapeMismatchError);
    expect(tf.memory().numTensors).toBe(before);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { InvalidArgumentError } from '../errors';
import { modelIO as browserModelIO } from './browser-model-io';
import { modelIO } from './model-io';
import { modelJsonUrl } from './model-json-url';

let root = '';
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-model-io-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('modelJsonUrl', () => {
  it("names a folder's model.json and keeps a .json URL", () => {
    expect(modelJsonUrl('./model/')).toBe('./model/model.json');
    expect(modelJsonUrl('https://example.org/m')).toBe('https://example.org/m/model.json');
    expect(modelJsonUrl('/m/pipeline.json')).toBe('/m/pipeline.json');
    expect(() => modelJsonUrl('')).toThrow(InvalidArgumentError);
  });
});

describe('modelIO', () => {
  it('saves to and loads from a folder (also as a file:// URL) in Node', async () => {
    const before = tf.memory().numTensors;
    const input = tf.input({ shape: [3] });
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor });
    await model.save(modelIO(join(root, 'dense')));
    const loaded = await tf.loadLayersModel(modelIO(`file://${join(root, 'dense')}`));
    expect(loaded.getWeights().map((weight) => Array.from(weight.dataSync()))).toEqual(model.getWeights().map((weight) => Array.from(weight.dataSync())));
    model.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses an HTTP handler for http(s) URLs, in Node and in the browser entry', () => {
    const urlOf = (handler: tf.io.IOHandler) => (handler as unknown as { path: string }).path;
    expect(urlOf(modelIO('https://example.org/m/'))).toBe('https://example.org/m/model.json');
    expect(urlOf(browserModelIO('./m/'))).toBe('./m/model.json');
    expect(() => modelIO('')).toThrow(/location: expected a model folder or URL/);
  });
});

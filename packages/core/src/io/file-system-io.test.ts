import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { DatasetFormatError, DatasetNotFoundError } from '../errors';
import { fileSystemIO, loadLayersModel, registerFileSystemRouter, saveLayersModel, WEIGHTS_FILE } from './file-system-io';

function smallModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, name: 'conv' }));
  model.add(tf.layers.batchNormalization({ name: 'bn' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 4, name: 'dense' }));
  return model;
}

describe('fileSystemIO', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend('cpu');
    dir = await mkdtemp(path.join(tmpdir(), 'lowres-io-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('round-trips topology and every weight exactly', async () => {
    const model = smallModel();
    const target = path.join(dir, 'round-trip');
    await saveLayersModel(model, target);
    const loaded = await loadLayersModel(target);
    const original = model.getWeights();
    const restored = loaded.getWeights();
    expect(restored.map((w) => w.shape)).toEqual(original.map((w) => w.shape));
    original.forEach((w, i) => {
      expect(restored[i]!.dataSync()).toEqual(w.dataSync());
    });
    expect(loaded.countParams()).toBe(model.countParams());
    model.dispose();
    loaded.dispose();
  });

  it('serves file:// URLs once the router is registered', async () => {
    registerFileSystemRouter();
    registerFileSystemRouter();
    const model = smallModel();
    const target = path.join(dir, 'router');
    await model.save(`file://${target}`);
    const loaded = await tf.loadLayersModel(`file://${target}`);
    expect(loaded.countParams()).toBe(model.countParams());
    model.dispose();
    loaded.dispose();
  });

  it('steps aside for another file:// router (a stand-in for tfjs-node’s), so save finds one handler', async () => {
    registerFileSystemRouter();
    const target = path.join(dir, 'stand-in');
    const standIn = { save: async () => ({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' as const } }) };
    const route = ((url: string | string[]) => (typeof url === 'string' && url.startsWith('file://') ? standIn : null)) as (
      url: string | string[],
    ) => tf.io.IOHandler;
    expect(tf.io.getSaveHandlers(`file://${target}`)).toHaveLength(1);
    tf.io.registerSaveRouter(route);
    tf.io.registerLoadRouter(route);
    expect(tf.io.getSaveHandlers(`file://${target}`)).toEqual([standIn]);
    expect(tf.io.getLoadHandlers(`file://${target}`)).toEqual([standIn]);
    const model = smallModel();
    await expect(model.save(`file://${target}`)).resolves.toBeDefined();
    model.dispose();
  });

  it('names the missing file', async () => {
    await expect(fileSystemIO(path.join(dir, 'absent')).load!()).rejects.toThrow(DatasetNotFoundError);
    await expect(fileSystemIO(path.join(dir, 'absent')).load!()).rejects.toThrow(/absent.model\.json/);
  });

  it('detects truncated weights and broken JSON', async () => {
    const model = smallModel();
    const target = path.join(dir, 'broken');
    await saveLayersModel(model, target);
    model.dispose();
    const bytes = (await readFile(path.join(target, WEIGHTS_FILE))).byteLength;
    await truncate(path.join(target, WEIGHTS_FILE), bytes - 8);
    await expect(loadLayersModel(target)).rejects.toThrow(/weights hold \d+ bytes, the manifest needs \d+/);
    await writeFile(path.join(target, 'model.json'), '{ not json');
    await expect(loadLayersModel(target)).rejects.toThrow(DatasetFormatError);
  });
});

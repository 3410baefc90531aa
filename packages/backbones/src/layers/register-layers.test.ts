import { initBackend } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GroupedConv2D } from './grouped-conv2d';
import { LocalResponseNormalization } from './local-response-normalization';
import { registerLayers } from './register-layers';
import { UnscaledBatchNormalization } from './unscaled-batch-normalization';

beforeAll(async () => {
  await initBackend('cpu');
});

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

describe('registerLayers', () => {
  it('is idempotent and lets saved models with every custom layer load back identically', async () => {
    registerLayers();
    registerLayers();
    const image = tf.input({ shape: [6, 6, 4] });
    let x = new GroupedConv2D({ name: 'grouped', filters: 6, kernelSize: 3, groups: 2, padding: 'same', biasValue: 0.1 }).apply(image) as tf.SymbolicTensor;
    x = new LocalResponseNormalization({ name: 'lrn', size: 3, alpha: 0.1 }).apply(x) as tf.SymbolicTensor;
    x = new UnscaledBatchNormalization({ name: 'bn', momentum: 0.5 }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: image, outputs: x });
    const loaded = await roundTrip(model);
    expect(loaded.getLayer('grouped')).toBeInstanceOf(GroupedConv2D);
    expect(loaded.getLayer('lrn').getConfig()).toMatchObject({ size: 3, alpha: 0.1 });
    expect(loaded.getLayer('bn').getConfig()).toMatchObject({ momentum: 0.5 });
    const input = tf.randomUniform([2, 6, 6, 4], 0, 1, 'float32', 9);
    const [a, b] = [model.predict(input) as tf.Tensor, loaded.predict(input) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([input, a, b]);
    model.dispose();
    loaded.dispose();
  });
});

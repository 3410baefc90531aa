import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, initBackend } from '@lowres/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BagnetPatch, bagnetFeatureSize } from './bagnet-architecture';
import { bagnet } from './bagnet';
import { layerInputShape, trainableParams } from './test-helpers';

describe('bagnet', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it.each([
    [9, 14_049_544, 15_688_744, 7],
    [17, 14_573_832, 16_213_032, 6],
    [33, 16_670_984, 18_310_184, 4],
  ] as const)('BagNet-%i has the spec trainable counts and feature size', (patch, for200, for1000, size) => {
    for (const [classes, expected] of [[200, for200], [1000, for1000]] as const) {
      const model = bagnet({ patch: patch as BagnetPatch }).build({ height: 64, width: 64, channels: 3 }, classes);
      expect(trainableParams(model)).toBe(expected);
      expect(model.countParams() - trainableParams(model)).toBe(53_120);
      expect(layerInputShape(model, 'avg_pool')).toEqual([null, size, size, 2048]);
      expect(model.outputs[0]!.shape).toEqual([null, classes]);
      model.dispose();
    }
  });

  it('initialises like the original: untruncated N(0, sqrt(2/(k·k·out))) convs, BN 1/0, stem momentum 0.999', () => {
    const model = bagnet({ patch: 17, seed: 4 }).build({ height: 32, width: 32, channels: 3 }, 10);
    const kernel = model.getLayer('layer3_0_conv2').getWeights()[0]!;
    expect(kernel.shape).toEqual([3, 3, 256, 256]);
    const values = kernel.dataSync();
    let sum = 0;
    let squares = 0;
    let largest = 0;
    for (const v of values) {
      sum += v;
      squares += v * v;
      largest = Math.max(largest, Math.abs(v));
    }
    const mean = sum / values.length;
    const std = Math.sqrt(squares / values.length - mean * mean);
    const expectedStd = Math.sqrt(2 / (3 * 3 * 256));
    expect(Math.abs(mean)).toBeLessThan(expectedStd * 0.01);
    expect(std / expectedStd).toBeGreaterThan(0.99);
    expect(std / expectedStd).toBeLessThan(1.01);
    // A truncated normal would stop at 2σ; 589,824 normal draws exceed 4σ.
    expect(largest / expectedStd).toBeGreaterThan(4);
    const [gamma, beta] = model.getLayer('layer2_1_bn2').getWeights();
    expect(Array.from(gamma!.dataSync()).every((v) => v === 1)).toBe(true);
    expect(Array.from(beta!.dataSync()).every((v) => v === 0)).toBe(true);
    expect((model.getLayer('bn1').getConfig() as { momentum: number }).momentum).toBe(0.999);
    expect((model.getLayer('layer1_0_bn1').getConfig() as { momentum: number; epsilon: number }).epsilon).toBe(1e-5);
    expect(model.getLayer('conv2').getConfig()).toMatchObject({ padding: 'valid', useBias: false, kernelSize: [3, 3] });
    model.dispose();
  });

  it('crops the shortcut at the bottom/right only where valid convolutions shrink the main path', () => {
    const model = bagnet({ patch: 9, width: 1 / 16 }).build({ height: 64, width: 48, channels: 1 }, 5);
    // stem 62×46; stage 1 block 0 (3×3, stride 2): 30×22 against a 31×23 projection shortcut.
    expect(layerInputShape(model, 'layer1_0_crop')).toEqual([null, 31, 23, 16]);
    expect(model.getLayer('layer1_0_crop').outputShape).toEqual([null, 30, 22, 16]);
    expect(model.getLayer('layer1_0_crop').getConfig()).toMatchObject({ cropping: [[0, 1], [0, 1]] });
    const names = model.layers.map((layer) => layer.name);
    expect(names).not.toContain('layer3_0_crop');
    expect(names).not.toContain('layer1_1_crop');
    expect(names).toContain('layer1_0_downsample_conv');
    expect(names).not.toContain('layer1_1_downsample_conv');
    expect(layerInputShape(model, 'avg_pool')).toEqual([null, ...bagnetFeatureSize(9, 64, 48), 32 * 4]);
    model.dispose();
  });

  it('predicts a probability row per image, or logits with classesActivation linear', () => {
    const x = tf.randomUniform([2, 20, 20, 3], 0, 1, 'float32', 3);
    const soft = bagnet({ patch: 17, width: 1 / 16, seed: 2 }).build({ height: 20, width: 20, channels: 3 }, 4);
    const linear = bagnet({ patch: 17, width: 1 / 16, seed: 2, classesActivation: 'linear' }).build({ height: 20, width: 20, channels: 3 }, 4);
    const p = soft.predict(x) as tf.Tensor;
    const z = linear.predict(x) as tf.Tensor;
    const softmax = tf.softmax(z);
    const difference = tf.max(tf.abs(tf.sub(softmax, p))).dataSync()[0]!;
    expect(difference).toBeLessThan(1e-6);
    expect(linear.layers.map((layer) => layer.name)).not.toContain('probabilities');
    tf.dispose([x, p, z, softmax]);
    soft.dispose();
    linear.dispose();
  });

  it('accepts inputs down to the receptive field and rejects smaller ones and bad options', () => {
    for (const patch of [9, 17, 33] as const) {
      const backEnd = bagnet({ patch, width: 1 / 16 });
      expect(backEnd.name).toBe(`bagnet${patch}`);
      expect(backEnd.minimumInput).toEqual({ height: patch, width: patch });
      const model = backEnd.build({ height: patch, width: patch, channels: 3 }, 2);
      expect(layerInputShape(model, 'avg_pool').slice(1, 3)).toEqual([1, 1]);
      model.dispose();
      expect(() => backEnd.build({ height: patch - 1, width: 64, channels: 3 }, 2)).toThrow(/at least/);
    }
    expect(() => bagnet({ patch: 11 as BagnetPatch })).toThrow(InvalidArgumentError);
    expect(() => bagnet({ width: 0 })).toThrow(/width/);
    expect(() => bagnet({ classesActivation: 'relu' as 'linear' })).toThrow(/classesActivation/);
    expect(() => bagnet().build({ height: 64, width: 64, channels: 3 }, 1.5)).toThrow(/classes/);
  });

  it('round-trips through TF.js serialization with built-in layers only', async () => {
    const model = bagnet({ patch: 17, width: 1 / 16, seed: 8 }).build({ height: 24, width: 24, channels: 3 }, 3);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const x = tf.randomUniform([2, 24, 24, 3], 0, 1, 'float32', 4);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});

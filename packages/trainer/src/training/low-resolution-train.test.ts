import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ImageShape, type SrFrontEnd, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { degrade } from '@lowres/datasets';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigInvalidError } from '../errors';
import { identitySr } from '../registry/identity-sr';
import { createRegistry } from '../registry/registry';
import { quadrantDataset, tinyClassifier, tinySr } from '../test-support/tiny-plugins';
import { train } from './train';

/** ×2 SR whose residual conv starts at zero, so its first output is the nearest-up-sampled input; records the first pixel-loss call. */
function spySr(seen: { hr?: Float32Array; prediction?: Float32Array; shape?: number[] }): SrFrontEnd {
  return {
    kind: 'sr',
    name: 'spy-sr',
    scale: 2,
    build(input: ImageShape) {
      const image = tf.input({ shape: [input.height, input.width, input.channels] });
      const up = tf.layers.upSampling2d({ size: [2, 2] }).apply(image) as tf.SymbolicTensor;
      const residual = tf.layers
        .conv2d({ filters: input.channels, kernelSize: 3, padding: 'same', kernelInitializer: 'zeros', name: 'refine' })
        .apply(up) as tf.SymbolicTensor;
      return tf.model({ inputs: image, outputs: tf.layers.add().apply([up, residual]) as tf.SymbolicTensor });
    },
    pixelLoss(yTrue, yPred) {
      if (!seen.hr) {
        seen.hr = yTrue.dataSync() as Float32Array;
        seen.prediction = yPred.dataSync() as Float32Array;
        seen.shape = yTrue.shape;
      }
      return tf.losses.meanSquaredError(yTrue, yPred) as tf.Scalar;
    },
  };
}

const seen: { hr?: Float32Array; prediction?: Float32Array; shape?: number[] } = {};
const registry = createRegistry({
  sr: { none: identitySr, tiny: tinySr(2), spy: spySr(seen), tiny3: tinySr(3), weighted: { ...tinySr(2), lossPixelShare: () => 0.25 } },
  classifiers: { tiny: tinyClassifier },
});
const trainData = quadrantDataset(40, 8, 3);
const data = { train: trainData, test: quadrantDataset(12, 8, 4) };
let root = '';
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-lowres-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('train: low-resolution protocol', () => {
  it('classifier mode on degraded images: the pipeline input is the low-resolution size', async () => {
    const run = await train({ classifier: 'tiny', lowResolution: { factor: 2 }, epochs: 1, batchSize: 8 }, { registry, data, progress: null });
    expect(run.pipeline.model.inputs[0]!.shape).toEqual([null, 4, 4, 1]);
    expect(run.pipeline.classifierInput).toEqual({ height: 4, width: 4, channels: 1 });
    expect(run.test!.labels).toHaveLength(12);
    // Nothing up-scales back to the originals, so there is no SR fidelity to score.
    expect(run.srQuality).toBeNull();
    run.pipeline.model.dispose();
  });

  it('SR pre-training pairs are (degraded, original): HR = original bytes, LR = degrade(HR)', async () => {
    const outDir = join(root, 'pairs');
    const run = await expectNoTensorLeaks(async () => {
      const result = await train(
        { mode: 'end-to-end', sr: 'spy', classifier: 'tiny', lowResolution: { factor: 2 }, pretrain: { epochs: 1 }, epochs: 1, batchSize: 8, validationSplit: 0.2, outDir },
        { registry, data, progress: null },
      );
      result.pipeline.model.dispose();
      return result;
    }, 'low-resolution end-to-end train()');
    expect(seen.shape).toEqual([8, 8, 8, 1]);
    const size = 64;
    const originals = Array.from({ length: trainData.count }, (_, n) => Array.from(trainData.images.subarray(n * size, (n + 1) * size)));
    for (let i = 0; i < 8; i++) {
      const hrBytes = Array.from(seen.hr!.subarray(i * size, (i + 1) * size), (v) => Math.round(v * 255));
      expect(originals).toContainEqual(hrBytes);
      // At step 0 the SR output is the nearest-up-sampled LR input: every other pixel is the LR image.
      const lowSeen = Array.from({ length: 16 }, (_, k) => seen.prediction![i * size + Math.floor(k / 4) * 16 + (k % 4) * 2]!);
      const expected = tf.tidy(() => degrade(tf.tensor4d(Int32Array.from(hrBytes), [1, 8, 8, 1], 'int32'), { scale: 2 }).dataSync());
      expect(lowSeen.map((v) => Math.round(v * 255))).toEqual(Array.from(expected));
    }
    expect(run.history.map((r) => r.phase)).toEqual(['sr-pretrain', 'end-to-end']);
    expect(run.pipeline.classifierInput).toEqual({ height: 8, width: 8, channels: 1 });
    expect(await readdir(join(outDir, 'plots'))).toContain('sr-samples.png');
    expect(await readFile(join(outDir, 'report.md'), 'utf8')).toMatch(/input \(LR\) \| bicubic \| SR output \| original \(HR\)/);
    expect(JSON.parse(await readFile(join(outDir, 'pipeline.json'), 'utf8')).input).toEqual({ height: 4, width: 4, channels: 1 });
    const quality = JSON.parse(await readFile(join(outDir, 'sr-quality.json'), 'utf8'));
    expect(quality).toEqual(JSON.parse(JSON.stringify(run.srQuality)));
    // Pre-trained on a pixel loss without a weight map: it trains on every pixel.
    expect(quality).toMatchObject({ images: 12, cropBorder: 2, lossPixelShare: 1 });
    expect(Number.isFinite(quality.sr.psnr) && Number.isFinite(quality.bicubic.psnr)).toBe(true);
    const report = await readFile(join(outDir, 'report.md'), 'utf8');
    expect(report).toContain('## Super-resolution quality (test set)');
    expect(report).toContain('![radial power spectrum](plots/sr-spectrum.svg)');
    expect(await readdir(join(outDir, 'plots'))).toContain('sr-spectrum.svg');
  });

  it("reports the SR's loss pixel share from its hook only when a pixel loss trained it", async () => {
    const shares = await expectNoTensorLeaks(async () => {
      const found: (number | null)[] = [];
      for (const pretrain of [{ epochs: 1 }, undefined]) {
        const result = await train(
          { mode: 'end-to-end', sr: 'weighted', classifier: 'tiny', lowResolution: { factor: 2 }, ...(pretrain ? { pretrain } : {}), epochs: 1, batchSize: 8, validationSplit: 0.2 },
          { registry, data, progress: null },
        );
        result.pipeline.model.dispose();
        found.push(result.srQuality!.lossPixelShare);
      }
      return found;
    }, 'loss pixel share with and without pre-training');
    expect(shares).toEqual([0.25, null]);
  });

  it('staged mode up-scales the degraded set back to the original size for the classifier', async () => {
    const run = await train(
      { mode: 'staged', sr: 'tiny', classifier: 'tiny', lowResolution: { factor: 2 }, pretrain: { epochs: 1 }, epochs: 1, batchSize: 16 },
      { registry, data, progress: null },
    );
    expect(run.history.map((r) => r.phase)).toEqual(['sr', 'staged']);
    expect(run.pipeline.classifierInput).toEqual({ height: 8, width: 8, channels: 1 });
    run.pipeline.model.dispose();
  });

  it('rejects an SR scale that cannot map LR inputs onto the HR targets, before training', async () => {
    const error = await train(
      { mode: 'staged', sr: 'tiny3', classifier: 'tiny', lowResolution: { factor: 2 }, pretrain: { epochs: 1 }, epochs: 1 },
      { registry, data, progress: null },
    ).catch((caught: unknown) => caught);
    expect(ConfigInvalidError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/'lowResolution'.*×3.*HR targets are 8×8/);
  });
});

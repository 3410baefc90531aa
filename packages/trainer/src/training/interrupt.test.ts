import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import type * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingInterruptedError } from '../errors';
import { identitySr } from '../registry/identity-sr';
import { createRegistry } from '../registry/registry';
import { quadrantDataset, tinyClassifier, tinySr } from '../test-support/tiny-plugins';
import { loadRun } from './load-run';
import { train } from './train';

const registry = createRegistry({ sr: { none: identitySr, tiny: tinySr(2) }, classifiers: { tiny: tinyClassifier } });
const data = { train: quadrantDataset(32, 8, 3), test: quadrantDataset(8, 8, 4) };
const config = {
  mode: 'end-to-end',
  sr: 'tiny',
  classifier: 'tiny',
  lowResolution: { factor: 2 },
  pretrain: { epochs: 1 },
  epochs: 2,
  batchSize: 8,
  seed: 2,
  optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9 },
};
const weights = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
let root = '';
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-interrupt-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('train: graceful stop', () => {
  it('checkpoints at the next step boundary after the signal, and resuming ends like an uninterrupted run', async () => {
    const reference = await train(config, { registry, data, progress: null });
    const outDir = join(root, 'stopped');
    const controller = new AbortController();
    const error = await train(
      { ...config, outDir },
      {
        registry,
        data,
        progress: null,
        signal: controller.signal,
        // Phase 1 (end-to-end), after its third step.
        callbacks: { onStepEnd: (step) => void (step.phase === 'end-to-end' && step.globalStep === 3 && controller.abort()) },
      },
    ).catch((caught: unknown) => caught);
    expect(TrainingInterruptedError.isInstance(error)).toBe(true);
    expect((error as TrainingInterruptedError).checkpoint).toMatch(/phase01-step000000003$/);
    expect((error as Error).message).toMatch(/stopped at step 3.*resume/);
    expect(await readdir(join(outDir, 'checkpoints'))).toContain('phase01-step000000003');
    // An unfinished run can be loaded (and so scored by `lowres eval`) from its newest checkpoint.
    const unfinished = await loadRun(outDir, { registry });
    expect(unfinished.checkpoint).toMatch(/phase01-step000000003$/);
    unfinished.pipeline.model.dispose();

    const resumed = await train({ ...config, outDir }, { registry, data, progress: null, resume: true });
    expect(resumed.resumedFrom).toMatch(/phase01-step000000003$/);
    expect(weights(resumed.pipeline.model)).toEqual(weights(reference.pipeline.model));
    reference.pipeline.model.dispose();
    resumed.pipeline.model.dispose();
  });

  it('without a run directory it stops without saving and says so', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await train(config, { registry, data, progress: null, signal: controller.signal }).catch((caught: unknown) => caught);
    expect(TrainingInterruptedError.isInstance(error)).toBe(true);
    expect((error as TrainingInterruptedError).checkpoint).toBeNull();
    expect((error as Error).message).toMatch(/nothing was saved/);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingDivergedError, TrainingInterruptedError } from '../errors';
import { identitySr } from '../registry/identity-sr';
import { createRegistry } from '../registry/registry';
import { quadrantDataset, tinyClassifier, tinySr } from '../test-support/tiny-plugins';
import { train } from './train';

const registry = createRegistry({ sr: { none: identitySr, tiny: tinySr(2) }, classifiers: { tiny: tinyClassifier } });
const options = { registry, data: { train: quadrantDataset(32, 8, 0) }, progress: null, warn: () => {} };
let root = '';

beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-train-failure-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('train: a run that fails leaves no tensors behind', () => {
  it('when the loss diverges', async () => {
    const error = await expectNoTensorLeaks(
      () => train({ classifier: 'tiny', epochs: 2, batchSize: 8, optimizer: { name: 'sgd', learningRate: 1e30 } }, options).catch((caught: unknown) => caught),
      'diverging run',
    );
    expect(TrainingDivergedError.isInstance(error)).toBe(true);
  });

  it('when SR pre-training diverges (the pre-training model too)', async () => {
    const error = await expectNoTensorLeaks(
      () =>
        train(
          { mode: 'end-to-end', sr: 'tiny', classifier: 'tiny', epochs: 1, batchSize: 8, pretrain: { epochs: 1, optimizer: { name: 'sgd', learningRate: 1e30 } } },
          options,
        ).catch((caught: unknown) => caught),
      'diverging pre-training',
    );
    expect(TrainingDivergedError.isInstance(error)).toBe(true);
  });

  it('when it is stopped', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await expectNoTensorLeaks(
      () => train({ classifier: 'tiny', epochs: 2, batchSize: 8, outDir: join(root, 'stopped') }, { ...options, signal: controller.signal }).catch((caught: unknown) => caught),
      'stopped run',
    );
    expect(TrainingInterruptedError.isInstance(error)).toBe(true);
  });
});

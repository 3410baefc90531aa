import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main';

describe('racnn-recipe example', () => {
  let out: string;
  let result: Awaited<ReturnType<typeof main>>;

  beforeAll(async () => {
    await initBackend('cpu');
    out = await mkdtemp(join(tmpdir(), 'lowres-racnn-example-'));
    result = await expectNoTensorLeaks(() => main(['--tiny', '--backend', 'cpu', '--out', out], () => {}), 'tiny RACNN runs');
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('trains the baseline, g-RACNN and p-RACNN with 57,281 SR parameters for grey images', () => {
    expect(result.methods.map((method) => [method.method, method.srParameters])).toEqual([
      ['LR-Net on bicubic', 0],
      ['g-RACNN + LR-Net', 57_281],
      ['p-RACNN + LR-Net', 57_281],
    ]);
    for (const method of result.methods) {
      for (const value of [method.meanPerClassAccuracy, method.accuracy]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }
  });

  it("hands the trainer RACNN's end-to-end settings: SGD, weight decay, per-layer multipliers, SR pre-training for p-", async () => {
    const config = JSON.parse(await readFile(join(out, 'p-racnn', 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      mode: 'end-to-end',
      sr: { name: 'racnn', options: { scale: 1, init: 'gaussian' } },
      classifier: { name: 'lrnet' },
      lowResolution: { factor: 2, restore: true },
      pretrain: { epochs: 1 },
      optimizer: { name: 'sgd', learningRate: 0.01, momentum: 0.9 },
      weightDecay: 0.0005,
      batchSize: 4,
    });
    expect(config.layers).toContainEqual({ match: 'sr/*/bias', learningRateMultiplier: 0.1 });
    const gaussian = JSON.parse(await readFile(join(out, 'g-racnn', 'config.json'), 'utf8'));
    expect(gaussian.pretrain).toBeUndefined();
    const baseline = JSON.parse(await readFile(join(out, 'lr-net', 'config.json'), 'utf8'));
    expect(baseline).toMatchObject({ mode: 'classifier', sr: 'none' });
    expect(JSON.stringify(baseline.layers)).not.toContain('sr/');
  });

  it('names the field of a bad flag before training', async () => {
    await expect(main(['--lr=-1', '--out', out])).rejects.toThrow(/learningRate/);
  });
});

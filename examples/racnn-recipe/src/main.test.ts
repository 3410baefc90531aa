import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { liveTensors } from '@lowres/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleResult, main } from './main';

describe('racnn-recipe example', () => {
  let out: string;
  let result: ExampleResult;
  let leaked: number;

  beforeAll(async () => {
    await initBackend('cpu');
    out = await mkdtemp(join(tmpdir(), 'lowres-racnn-example-'));
    const before = liveTensors();
    result = await main({ tiny: true, backend: 'cpu', out }, () => {});
    leaked = liveTensors() - before;
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('leaks no tensors', () => {
    expect(leaked).toBe(0);
  });

  it('pre-trains the SR layers and measures their PSNR against bicubic', async () => {
    expect(result.pretraining.epochLosses).toHaveLength(1);
    expect(result.pretraining.epochLosses[0]).toBeGreaterThan(0);
    expect(result.pretraining.bicubicPsnr).toBeGreaterThan(10);
    expect(result.pretraining.bicubicPsnr).toBeLessThan(40);
    // Gaussian init (std 0.001) plus one small step: the residual SR output is still close to its input.
    expect(Math.abs(result.pretraining.srPsnr - result.pretraining.bicubicPsnr)).toBeLessThan(1);
    await expect(access(join(result.pretraining.weightsDir, 'model.json'))).resolves.toBeUndefined();
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

  it("hands the trainer the recipe's end-to-end settings", async () => {
    const config = JSON.parse(await readFile(join(out, 'p-racnn', 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      mode: 'end-to-end',
      sr: 'racnn',
      classifier: 'lrnet',
      optimizer: { name: 'sgd', learningRate: 0.01, momentum: 0.9 },
      weightDecay: 0.0005,
      batchSize: 4,
    });
    expect(config.layers).toContainEqual({ match: 'sr/sconv1/bias', learningRateMultiplier: 0.1 });
    const baseline = JSON.parse(await readFile(join(out, 'lr-net', 'config.json'), 'utf8'));
    expect(baseline).toMatchObject({ mode: 'classifier', sr: 'none' });
    expect(JSON.stringify(baseline.layers)).not.toContain('sconv');
    const saved = JSON.parse(await readFile(result.resultsFile, 'utf8'));
    expect(saved.methods).toHaveLength(3);
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZERS, PATCHES, main } from './main';

describe('bagnet-heatmaps example', () => {
  let out: string;
  let result: Awaited<ReturnType<typeof main>>;

  beforeAll(async () => {
    await initBackend('cpu');
    out = await mkdtemp(join(tmpdir(), 'lowres-bagnet-example-'));
    result = await expectNoTensorLeaks(() => main(['--tiny', '--backend', 'cpu', '--out', out], () => {}), 'tiny BagNet sweep');
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('trains every patch size with every optimizer at the study learning rates', async () => {
    expect(result.runs.map((run) => `${run.patch}-${run.optimizer}`)).toEqual(PATCHES.flatMap((patch) => Object.keys(OPTIMIZERS).map((optimizer) => `${patch}-${optimizer}`)));
    const config = JSON.parse(await readFile(join(out, 'bagnet17-adadelta', 'config.json'), 'utf8'));
    expect(config).toMatchObject({ classifier: { name: 'bagnet17' }, optimizer: { name: 'adadelta', learningRate: 1 }, sr: { name: 'bicubic', options: { scale: 2 } }, batchNormRecalibration: 8 });
  });

  it('reports finite losses and accuracies in [0, 1]', () => {
    for (const run of result.runs) {
      expect(Number.isFinite(run.finalLoss) && run.finalLoss > 0).toBe(true);
      // 4 test images: the accuracy is a multiple of 1/4.
      expect(run.testAccuracy * 4).toBeCloseTo(Math.round(run.testAccuracy * 4), 10);
    }
  });

  it('counts more parameters for larger receptive fields (more 3×3 convolutions)', () => {
    const byPatch = PATCHES.map((patch) => result.runs.filter((run) => run.patch === patch).map((run) => run.parameters));
    for (const counts of byPatch) expect(new Set(counts).size).toBe(1);
    expect(byPatch[0]![0]).toBeLessThan(byPatch[1]![0]!);
    expect(byPatch[1]![0]).toBeLessThan(byPatch[2]![0]!);
  });

  it("leaves class-evidence heatmap PNGs in every run's report", async () => {
    for (const run of result.runs) {
      expect(run.heatmaps.length).toBeGreaterThan(0);
      const bytes = await readFile(run.heatmaps[0]!);
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
  });

  it('names the config field of a bad flag before training', async () => {
    await expect(main(['--epochs', '0'], () => {})).rejects.toThrow(/epochs/);
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleResult, main } from './main';
import { OPTIMIZERS, PATCHES } from './options';

describe('bagnet-heatmaps example', () => {
  let out: string;
  let result: ExampleResult;

  beforeAll(async () => {
    await initBackend('cpu');
    out = await mkdtemp(join(tmpdir(), 'lowres-bagnet-example-'));
    result = await expectNoTensorLeaks(() => main({ tiny: true, backend: 'cpu', out }, () => {}), 'tiny BagNet sweep');
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('trains every patch size with every optimizer', () => {
    expect(result.runs.map((run) => `${run.patch}-${run.optimizer}`)).toEqual(
      PATCHES.flatMap((patch) => OPTIMIZERS.map((optimizer) => `${patch}-${optimizer}`)),
    );
    expect(result.runs.map((run) => run.learningRate)).toEqual(PATCHES.flatMap(() => [0.001, 0.001, 1]));
  });

  it('reports finite losses and accuracies in [0, 1]', () => {
    for (const run of result.runs) {
      expect(Number.isFinite(run.firstLoss) && run.firstLoss > 0).toBe(true);
      expect(Number.isFinite(run.finalLoss) && run.finalLoss > 0).toBe(true);
      for (const value of [run.testAccuracy, run.testAccuracyReEstimated]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
        // 4 test images: the accuracy is a multiple of 1/4.
        expect(value * 4).toBeCloseTo(Math.round(value * 4), 10);
      }
    }
  });

  it('counts more parameters for larger receptive fields (more 3×3 convolutions)', () => {
    const byPatch = PATCHES.map((patch) => result.runs.filter((run) => run.patch === patch).map((run) => run.parameters));
    for (const counts of byPatch) expect(new Set(counts).size).toBe(1);
    expect(byPatch[0]![0]).toBeLessThan(byPatch[1]![0]!);
    expect(byPatch[1]![0]).toBeLessThan(byPatch[2]![0]!);
  });

  it('writes magnified heatmap PNGs for the first test images of every model', async () => {
    for (const run of result.runs) {
      expect(run.heatmaps).toHaveLength(1);
      for (const file of run.heatmaps) {
        expect(file.startsWith(join(out, `bagnet${run.patch}-${run.optimizer}-`))).toBe(true);
        const bytes = await readFile(file);
        expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
        // IHDR: width and height (big-endian) follow the 8-byte signature and the chunk header.
        expect(bytes.readUInt32BE(16)).toBe(33 * 4);
        expect(bytes.readUInt32BE(20)).toBe(33 * 4);
      }
    }
    const saved = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(saved.runs).toHaveLength(9);
  });
});

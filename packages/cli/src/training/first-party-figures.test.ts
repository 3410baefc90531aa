import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { train } from '@lowres/trainer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRegistry } from '../registry/default-registry';
import { quadrantDataset } from '@lowres/trainer/testing';

let root = '';
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-figures-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('train: report figures with first-party plugins', () => {
  it("writes BagNet evidence heatmaps and WDSR weight maps (at the run α) through the plugins' figure hooks", async () => {
    const outDir = join(root, 'figures');
    await train(
      {
        sr: { name: 'wdsr-a', options: { scale: 2, blocks: 1, features: 4, expansion: 2, alpha: 0.25 } },
        classifier: { name: 'bagnet9', options: { width: 0.125 } },
        epochs: 1,
        batchSize: 8,
        outDir,
      },
      { data: { train: quadrantDataset(16, 8, 1, 3), test: quadrantDataset(4, 8, 2, 3) }, registry: defaultRegistry, progress: null },
    );
    const plots = await readdir(join(outDir, 'plots'));
    expect(plots).toEqual(expect.arrayContaining(['bagnet-evidence-0.png', 'bagnet-evidence-3.png', 'weight-map-0.png', 'sr-samples.png']));
    const png = await readFile(join(outDir, 'plots', 'bagnet-evidence-0.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const report = await readFile(join(outDir, 'report.md'), 'utf8');
    expect(report).toContain('![BagNet evidence for class');
    // Weight maps are drawn at the run's own α (the front end's option), not a fixed one.
    expect(report).toContain('weight map α = 0.25');
  });
});

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClassifierBackEnd, type FigureInput, type SrFrontEnd, initBackend } from '@lowres/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../registry/registry';
import { quadrantDataset, tinyClassifier, tinySr } from '../test-support/tiny-plugins';
import { train } from './train';

let root = '';
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-hooks-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A grey square figure whose brightness is the mean of the first image, so it shows what the hook saw. */
function meanFigure(prefix: string, seen: FigureInput[]): (input: FigureInput) => { name: string; title: string; width: number; height: number; channels: 1; pixels: Uint8Array }[] {
  return (input) => {
    seen.push(input);
    const level = Math.round(255 * Math.min(1, Math.max(0, input.images.slice(0, 1).mean().dataSync()[0]!)));
    return [{ name: `${prefix}-0`, title: `${prefix} figure`, width: 2, height: 2, channels: 1, pixels: new Uint8Array(4).fill(level) }];
  };
}

describe('train: third-party plugin hooks', () => {
  it('awaits load() before building, and writes each plugin figure hook output into the report', async () => {
    const events: string[] = [];
    const srSeen: FigureInput[] = [];
    const classifierSeen: FigureInput[] = [];
    const base = tinySr(2);
    const sr: SrFrontEnd = {
      ...base,
      name: 'third-party-sr',
      async load() {
        events.push('load');
      },
      build(input) {
        events.push('build');
        return base.build(input);
      },
      figures: meanFigure('third-party-sr', srSeen),
    };
    const classifier: ClassifierBackEnd = { ...tinyClassifier, name: 'third-party-classifier', figures: meanFigure('third-party-classifier', classifierSeen) };
    const registry = createRegistry({ sr: { mine: sr }, classifiers: { mine: classifier } });
    const outDir = join(root, 'hooks');
    const run = await train(
      { sr: 'mine', classifier: 'mine', epochs: 1, batchSize: 8, outDir },
      { registry, data: { train: quadrantDataset(16, 4, 3), test: quadrantDataset(4, 4, 4) }, progress: null },
    );
    expect(events[0]).toBe('load');
    expect(events.filter((event) => event === 'load')).toHaveLength(1);
    // The classifier's hook sees its own model and the SR output; the SR's hook its own model and the HR-side images.
    expect(classifierSeen[0]!.model).toBe(run.pipeline.classifierModel);
    expect(classifierSeen[0]!.images.shape).toEqual([4, 8, 8, 1]);
    expect(srSeen[0]!.model).toBe(run.pipeline.srModel);
    expect(srSeen[0]!.images.shape).toEqual([4, 4, 4, 1]);
    expect(Array.from(classifierSeen[0]!.labels)).toEqual([0, 1, 2, 3]);
    const plots = await readdir(join(outDir, 'plots'));
    expect(plots).toEqual(expect.arrayContaining(['third-party-sr-0.png', 'third-party-classifier-0.png']));
    const png = await readFile(join(outDir, 'plots', 'third-party-sr-0.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const report = await readFile(join(outDir, 'report.md'), 'utf8');
    expect(report).toContain('third-party-sr figure');
    expect(report).toContain('third-party-classifier figure');
    run.pipeline.model.dispose();
  });
});

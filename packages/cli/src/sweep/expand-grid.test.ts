import type { Registry } from '@lowres/trainer';
import { defaultRegistry } from '../registry/default-registry';
import { describe, expect, it } from 'vitest';
import { expandGrid } from './expand-grid';
import { parseSweepGrid } from './sweep-grid';

const registry: Registry = defaultRegistry;
const expand = (raw: unknown) => expandGrid(parseSweepGrid(raw), registry);
const grid = {
  sr: ['none', { name: 'bicubic', options: { scale: 2 } }],
  classifier: { name: 'lrnet', options: { width: 0.25 } },
  dataset: { name: 'fashion-mnist-mini', limit: 100 },
  degradation: [null, { factor: 2 }],
  hyperParameters: [{ epochs: 1 }, { epochs: 2, batchSize: 8 }],
  seeds: [1, 2, 3],
  base: { batchSize: 16 },
};

describe('expandGrid', () => {
  it('makes one run per combination, seeds varying fastest, with base < hyper-parameters < axes', () => {
    const runs = expand(grid);
    expect(runs).toHaveLength(2 * 2 * 2 * 3);
    expect(runs.slice(0, 4).map((run) => run.origin)).toEqual([
      'sr[0] classifier[0] dataset[0] degradation[0] mode[0] hyperParameters[0] seeds[0]',
      'sr[0] classifier[0] dataset[0] degradation[0] mode[0] hyperParameters[0] seeds[1]',
      'sr[0] classifier[0] dataset[0] degradation[0] mode[0] hyperParameters[0] seeds[2]',
      'sr[0] classifier[0] dataset[0] degradation[0] mode[0] hyperParameters[1] seeds[0]',
    ]);
    expect(runs[0]!.config).toMatchObject({ sr: 'none', epochs: 1, batchSize: 16, seed: 1, dataset: { name: 'fashion-mnist-mini' }, mode: 'classifier' });
    expect(runs[0]!.config.lowResolution).toBeUndefined();
    expect(runs[3]!.config).toMatchObject({ epochs: 2, batchSize: 8 });
    expect(runs.at(-1)!.config).toMatchObject({ sr: { name: 'bicubic', options: { scale: 2 } }, lowResolution: { factor: 2 }, seed: 3 });
    expect(runs[0]!.data).toEqual({ limit: 100 });
    expect(new Set(runs.map((run) => run.id)).size).toBe(runs.length);
  });

  it('derives ids from the run config: key order and spelled-out defaults do not change them, values do', () => {
    const first = expand(grid);
    const reordered = expand({
      seeds: [1, 2, 3],
      base: { batchSize: 16 },
      mode: 'classifier',
      hyperParameters: [{ epochs: 1 }, { batchSize: 8, epochs: 2 }],
      degradation: [null, { factor: 2 }],
      dataset: { limit: 100, name: 'fashion-mnist-mini' },
      classifier: { options: { width: 0.25 }, name: 'lrnet' },
      sr: ['none', { options: { scale: 2 }, name: 'bicubic' }],
    });
    expect(reordered.map((run) => run.id)).toEqual(first.map((run) => run.id));
    expect(first[0]!.id).toMatch(/^run-[0-9a-f]{16}$/);
    const other = expand({ ...grid, dataset: { name: 'fashion-mnist-mini', limit: 101 } });
    expect(other[0]!.id).not.toBe(first[0]!.id);
  });

  it('drops repeated combinations', () => {
    expect(expand({ classifier: ['lrnet', 'lrnet'], dataset: 'fashion-mnist', seeds: [1, 1] })).toHaveLength(1);
  });

  describe('errors name the grid field', () => {
    const fails = (raw: unknown, pattern: RegExp) => expect(() => expand(raw)).toThrow(pattern);
    it('an unknown plugin', () => fails({ ...grid, classifier: ['lrnet', 'lrnett'] }, /'classifier\[1\]'.*Unknown classifier 'lrnett'/));
    it('a plugin option its factory rejects', () => fails({ ...grid, classifier: { name: 'lrnet', options: { width: -1 } } }, /'classifier\[0\]'.*width/));
    it('a hyper-parameter', () => fails({ ...grid, hyperParameters: [{ epochs: 1 }, { epochs: 'two' }] }, /'hyperParameters\[1\]\.epochs'/));
    it('a base field', () => fails({ ...grid, base: { batchSize: 0 } }, /'base\.batchSize'/));
    it('a degradation', () => fails({ ...grid, degradation: [null, { factor: 1 }] }, /'degradation\[1\]\.factor'/));
    it('a mode', () => fails({ ...grid, mode: ['classifier', 'sideways'] }, /'mode\[1\]'/));
    it('outDir, which the worker sets', () => fails({ ...grid, base: { outDir: 'x' } }, /'base\.outDir'.*worker/));
    it('an axis given as a config field, which the axis would override', () => {
      fails({ ...grid, base: { mode: 'staged' } }, /'base\.mode'.*grid axis.*'mode'/);
      fails({ ...grid, hyperParameters: [{}, { lowResolution: { factor: 2 } }] }, /'hyperParameters\[1\]\.lowResolution'.*'degradation'/);
      fails({ ...grid, base: { seed: 3 } }, /'base\.seed'.*'seeds'/);
    });
    it('a missing axis or a wrong axis type', () => {
      fails({ classifier: 'lrnet' }, /'dataset'/);
      fails({ ...grid, seeds: [1.5] }, /'seeds\.0'/);
      fails({ ...grid, colour: ['red'] }, /colour/);
    });
  });
});

import { ConfigInvalidError } from '@lowres/trainer';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../registry/default-registry';
import { expandGrid } from './expand-grid';
import { parseSweepGrid } from './sweep-grid';
import { expandGrids, parseSweepGrids } from './sweep-grids';

const lrnet = { sr: 'none', classifier: 'lrnet', dataset: 'fashion-mnist-mini', base: { epochs: 1 } };
const bicubic = { ...lrnet, sr: { name: 'bicubic', options: { scale: 2 } }, degradation: { factor: 2 }, seeds: [0, 1] };

describe('parseSweepGrids / expandGrids', () => {
  it('a file without grids is one grid, expanded exactly as expandGrid does', () => {
    const grids = parseSweepGrids(bicubic);
    expect(grids).toEqual([parseSweepGrid(bicubic)]);
    expect(expandGrids(grids, defaultRegistry)).toEqual(expandGrid(parseSweepGrid(bicubic), defaultRegistry));
  });

  it("pools the runs of every grid under 'grids', keeps a run two grids share once and says which grid it came from", () => {
    const runs = expandGrids(parseSweepGrids({ grids: [lrnet, bicubic, lrnet] }), defaultRegistry);
    expect(runs.map((run) => run.origin)).toEqual([
      'grids[0] sr[0] classifier[0] dataset[0] degradation[0] mode[0] hyperParameters[0] seeds[0]',
      'grids[1] sr[0] classifier[0] dataset[0] degradation[0] mode[0] hyperParameters[0] seeds[0]',
      'grids[1] sr[0] classifier[0] dataset[0] degradation[0] mode[0] hyperParameters[0] seeds[1]',
    ]);
    expect(runs[1]!.config).toMatchObject({ sr: { name: 'bicubic' }, lowResolution: { factor: 2 }, seed: 0 });
  });

  it('names the grid and its field in every error', () => {
    const expectInvalid = (run: () => unknown, pattern: RegExp) => {
      let caught: unknown;
      try {
        run();
      } catch (error) {
        caught = error;
      }
      expect(ConfigInvalidError.isInstance(caught)).toBe(true);
      expect((caught as Error).message).toMatch(pattern);
    };
    expectInvalid(() => parseSweepGrids({ grids: [] }), /'grids': expected a non-empty list of grids/);
    expectInvalid(() => parseSweepGrids({ grids: lrnet }), /'grids': expected a non-empty list/);
    expectInvalid(() => parseSweepGrids({ grids: [lrnet], base: {} }), /'base': a file with 'grids' holds nothing else/);
    expectInvalid(() => parseSweepGrids({ grids: [lrnet, { sr: 'none' }] }), /'grids\[1\]\.classifier'/);
    const unknown = parseSweepGrids({ grids: [lrnet, { ...lrnet, classifier: 'lrnett' }] });
    expectInvalid(() => expandGrids(unknown, defaultRegistry), /'grids\[1\]\.classifier\[0\]'.*Did you mean 'lrnet'/);
    const badEpochs = parseSweepGrids({ grids: [lrnet, { ...lrnet, base: { epochs: 0 } }] });
    expectInvalid(() => expandGrids(badEpochs, defaultRegistry), /'grids\[1\]\.base\.epochs'/);
  });
});

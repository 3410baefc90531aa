import { fileURLToPath } from 'node:url';
import { pluginName } from '@lowres/trainer';
import { describe, expect, it } from 'vitest';
import { lrnetProtocol } from '../recipes/lrnet-protocol';
import { defaultRegistry } from '../registry/default-registry';
import { readGridFile } from './read-grid-file';
import { expandGrids, parseSweepGrids } from './sweep-grids';

const gridRuns = async (name: string) =>
  expandGrids(parseSweepGrids(await readGridFile(fileURLToPath(new URL(`../../../../docs/reproductions/${name}/grid.yaml`, import.meta.url)))), defaultRegistry);

// LR-Net's protocol as the lrnet-fashion-mnist recipe runs it (the seed is the grid's seeds axis), with
// the claim grids' shorter patience (their comments say why).
const { seed: _seed, ...recipeProtocol } = lrnetProtocol;
const protocol = { ...recipeProtocol, earlyStopping: { ...recipeProtocol.earlyStopping, patience: 10 } };

describe("the paper-claim grids train LR-Net on LR-Net's protocol (patience 10) on full Fashion-MNIST", () => {
  it("racnn-claim: bicubic, g-init and p-init RACNN at ×2 and ×4 (6 runs)", async () => {
    const runs = await gridRuns('racnn-claim');
    const labels = runs.map(({ config }) => `${pluginName(config.sr).name}${config.mode === 'end-to-end' ? (config.pretrain ? ' p-init' : ' g-init') : ''} ×${config.lowResolution?.factor}`);
    expect(labels.sort()).toEqual(['bicubic ×2', 'bicubic ×4', 'racnn g-init ×2', 'racnn g-init ×4', 'racnn p-init ×2', 'racnn p-init ×4']);
    for (const { config, data } of runs) {
      expect(config).toMatchObject({ ...protocol, classifier: 'lrnet', dataset: { name: 'fashion-mnist', dir: '/usr/share/datasets/fashion-mnist' } });
      expect(data).toEqual({});
      const sr = pluginName(config.sr);
      // Every front end restores the 28×28 the classifier is built for.
      expect(sr.options.scale).toBe(config.lowResolution?.factor);
      if (sr.name === 'racnn') expect(sr.options.init).toBe('gaussian');
      if (config.pretrain) expect(config.pretrain).toMatchObject({ epochs: 10, optimizer: { name: 'adam', learningRate: 1e-4 } });
    }
  });

  it('hf-sr-claim: staged WDSR-A at α = 1/5 and α = 0, ×2 and ×4 (4 runs)', async () => {
    const runs = await gridRuns('hf-sr-claim');
    const labels = runs.map(({ config }) => `α=${pluginName(config.sr).options.alpha} ×${config.lowResolution?.factor}`);
    expect(labels.sort()).toEqual(['α=0 ×2', 'α=0 ×4', 'α=0.2 ×2', 'α=0.2 ×4']);
    for (const { config } of runs) {
      expect(config).toMatchObject({ ...protocol, mode: 'staged', classifier: 'lrnet', pretrain: { epochs: 20, batchSize: 16 } });
      expect(pluginName(config.sr)).toMatchObject({ name: 'wdsr-a', options: { scale: config.lowResolution?.factor, blocks: 8 } });
    }
  });
});

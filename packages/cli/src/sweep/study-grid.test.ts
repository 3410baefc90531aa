import { fileURLToPath } from 'node:url';
import type { ClassifierBackEnd, SrFrontEnd } from '@lowres/core';
import { lowResolutionSize, pluginName } from '@lowres/trainer';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../registry/default-registry';
import { readGridFile } from './read-grid-file';
import { expandGrids, parseSweepGrids } from './sweep-grids';

const file = fileURLToPath(new URL('../../../../docs/reproductions/study/grid.yaml', import.meta.url));

describe('the study grid (docs/reproductions/study/grid.yaml)', () => {
  it('expands to 38 valid runs: every SR front end × the four back ends at ×2 and ×4, plus the ×1 and LR-as-is baselines', async () => {
    // expandGrids parses every run config and creates every plugin with its options: the whole file validates.
    const runs = expandGrids(parseSweepGrids(await readGridFile(file)), defaultRegistry);
    expect(runs).toHaveLength(38);
    expect(new Set(runs.map((run) => run.id)).size).toBe(38);
    const pairs = runs.map(({ config }) => `${pluginName(config.sr).name} ×${config.lowResolution?.factor ?? 1} ${pluginName(config.classifier).name}`);
    for (const sr of ['bicubic', 'srcnn', 'racnn', 'wdsr-a']) {
      for (const factor of [2, 4]) {
        for (const classifier of ['lrnet', 'resnet18', 'bagnet17', 'vgg16']) expect(pairs).toContain(`${sr} ×${factor} ${classifier}`);
      }
    }
    expect(pairs.filter((pair) => pair.startsWith('none ×1 '))).toHaveLength(4);
    expect(pairs.filter((pair) => pair.startsWith('none ×2 ')).sort()).toEqual(['none ×2 lrnet', 'none ×2 resnet18']);

    for (const { config, data } of runs) {
      expect(config).toMatchObject({
        dataset: { name: 'fashion-mnist', dir: '/usr/share/datasets/fashion-mnist' },
        optimizer: { name: 'adam', learningRate: 0.001 },
        batchSize: 128,
        epochs: 10,
        validationSplit: 0.1,
        earlyStopping: { monitor: 'val_loss', patience: 3, restoreBest: true },
        seed: 0,
      });
      // The full dataset: no run reads a subset.
      expect(data).toEqual({});
      const sr = pluginName(config.sr);
      const front: SrFrontEnd = defaultRegistry.createSr(sr.name, sr.options);
      const back: ClassifierBackEnd = defaultRegistry.createClassifier(pluginName(config.classifier).name, pluginName(config.classifier).options);
      const [height, width] = config.lowResolution ? lowResolutionSize(config.lowResolution, 28, 28) : [28, 28];
      const seen = { height: height * front.scale, width: width * front.scale };
      // SR front ends restore the original 28×28; every back end accepts what it is fed.
      if (sr.name !== 'none') expect(seen).toEqual({ height: 28, width: 28 });
      expect(seen.height).toBeGreaterThanOrEqual(back.minimumInput?.height ?? 1);
      expect(seen.width).toBeGreaterThanOrEqual(back.minimumInput?.width ?? 1);
      const expectedMode = sr.name === 'none' || sr.name === 'bicubic' ? 'classifier' : sr.name === 'wdsr-a' ? 'staged' : 'end-to-end';
      expect(config.mode).toBe(expectedMode);
      if (expectedMode === 'classifier') expect(config.pretrain).toBeUndefined();
      else expect(config.pretrain).toMatchObject({ epochs: 3 });
      if (sr.name === 'wdsr-a') expect(sr.options).toMatchObject({ alpha: 0.2 });
      if (sr.name === 'racnn') expect(sr.options).toMatchObject({ init: 'gaussian' });
    }
  });
});

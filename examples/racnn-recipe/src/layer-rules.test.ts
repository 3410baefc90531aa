import { initBackend } from '@lowres/core';
import { lrnet } from '@lowres/lrnet';
import { racnnFrozenClassifierMultipliers, racnnLearningRateMultipliers, racnnSr } from '@lowres/racnn';
import { collectParameters } from '@lowres/trainer';
import { beforeAll, describe, expect, it } from 'vitest';
import { racnnLayerRules } from './layer-rules';

describe('racnnLayerRules', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('lists the entries last-first so that the trainer (later rule wins) applies the first matching entry', () => {
    expect(racnnLayerRules(racnnLearningRateMultipliers, 'predictions')).toEqual([
      { match: 'classifier/*/*', frozen: false, learningRateMultiplier: 0.1, weightDecayMultiplier: 0 },
      { match: 'classifier/predictions/*', frozen: false, learningRateMultiplier: 1, weightDecayMultiplier: 1 },
      { match: 'sr/sconv3/*', frozen: false, learningRateMultiplier: 0.1, weightDecayMultiplier: 0 },
      { match: 'sr/sconv2/*', frozen: false, learningRateMultiplier: 1, weightDecayMultiplier: 0 },
      { match: 'sr/sconv2/bias', learningRateMultiplier: 0.1 },
      { match: 'sr/sconv1/*', frozen: false, learningRateMultiplier: 1, weightDecayMultiplier: 0 },
      { match: 'sr/sconv1/bias', learningRateMultiplier: 0.1 },
    ]);
  });

  it("gives every weight of a real pipeline the recipe's multiplier (checked through the trainer)", () => {
    const sr = racnnSr({ scale: 1, channels: 1, seed: 1 }).build({ height: 12, width: 12, channels: 1 });
    const classifier = lrnet({ width: 0.125, head: [8] }).build({ height: 12, width: 12, channels: 1 }, 10);
    const parameters = collectParameters(
      [
        { prefix: 'sr', model: sr },
        { prefix: 'classifier', model: classifier },
      ],
      racnnLayerRules(racnnLearningRateMultipliers, 'predictions'),
      0.0005,
    );
    const byPath = new Map(parameters.map((parameter) => [parameter.path, parameter]));
    const expected: [string, number, number][] = [
      ['sr/sconv1/kernel', 1, 0],
      ['sr/sconv1/bias', 0.1, 0],
      ['sr/sconv2/kernel', 1, 0],
      ['sr/sconv2/bias', 0.1, 0],
      ['sr/sconv3/kernel', 0.1, 0],
      ['sr/sconv3/bias', 0.1, 0],
      ['classifier/predictions/kernel', 1, 0.0005],
      ['classifier/predictions/bias', 1, 0.0005],
    ];
    for (const [path, learningRate, weightDecay] of expected) {
      expect(byPath.get(path)?.learningRateMultiplier, path).toBe(learningRate);
      expect(byPath.get(path)?.weightDecay, path).toBeCloseTo(weightDecay, 12);
    }
    const otherClassifierWeights = parameters.filter((parameter) => parameter.path.startsWith('classifier/') && !parameter.path.startsWith('classifier/predictions/'));
    expect(otherClassifierWeights.length).toBeGreaterThan(10);
    for (const parameter of otherClassifierWeights) {
      expect(parameter.learningRateMultiplier, parameter.path).toBe(0.1);
      expect(parameter.weightDecay, parameter.path).toBe(0);
    }
    expect(parameters).toHaveLength(sr.trainableWeights.length + classifier.trainableWeights.length);
    sr.dispose();
    classifier.dispose();
  });

  it("freezes every classifier layer but the last in the paper's Table II setting", () => {
    const classifier = lrnet({ width: 0.125, head: [8] }).build({ height: 12, width: 12, channels: 1 }, 10);
    const rules = racnnLayerRules(racnnFrozenClassifierMultipliers, 'predictions').filter((rule) => rule.match.startsWith('classifier'));
    const parameters = collectParameters([{ prefix: 'classifier', model: classifier }], rules, 0);
    expect(parameters.map((parameter) => parameter.path).sort()).toEqual(['classifier/predictions/bias', 'classifier/predictions/kernel']);
    classifier.dispose();
  });

  it('rejects regular-expression entries it cannot translate', () => {
    expect(() => racnnLayerRules([{ layer: /sconv/, kernel: 1 }], 'predictions')).toThrow(/regular-expression/);
  });
});

import { describe, expect, it } from 'vitest';
import { findMultiplier, racnnFrozenClassifierMultipliers, racnnLearningRateMultipliers } from './multipliers';

describe('racnnLearningRateMultipliers', () => {
  it('holds the paper solver settings', () => {
    expect(findMultiplier(racnnLearningRateMultipliers, 'sconv1')).toMatchObject({ kernel: 1, bias: 0.1, weightDecay: 0 });
    expect(findMultiplier(racnnLearningRateMultipliers, 'sconv2')).toMatchObject({ kernel: 1, bias: 0.1, weightDecay: 0 });
    expect(findMultiplier(racnnLearningRateMultipliers, 'sconv3')).toMatchObject({ kernel: 0.1, bias: 0.1, weightDecay: 0 });
    expect(findMultiplier(racnnLearningRateMultipliers, 'conv1', 'classifier')).toMatchObject({ kernel: 0.1, bias: 0.1, weightDecay: 0 });
    expect(findMultiplier(racnnLearningRateMultipliers, 'fc8', 'classifier-last')).toMatchObject({ kernel: 1, bias: 1, weightDecay: 1 });
    expect(Object.isFrozen(racnnLearningRateMultipliers)).toBe(true);
  });

  it('applies weight decay only on the last classifier layer', () => {
    const decaying = racnnLearningRateMultipliers.filter((entry) => (entry.weightDecay ?? 1) !== 0);
    expect(decaying.map((entry) => entry.layer)).toEqual(['classifier-last']);
  });

  it('freezes every classifier layer but the last in the Table II variant', () => {
    expect(findMultiplier(racnnFrozenClassifierMultipliers, 'conv1', 'classifier')).toMatchObject({ kernel: 0, bias: 0, weightDecay: 0 });
    expect(findMultiplier(racnnFrozenClassifierMultipliers, 'fc8', 'classifier-last')).toMatchObject({ kernel: 1, bias: 1 });
    expect(findMultiplier(racnnFrozenClassifierMultipliers, 'sconv1')).toMatchObject({ kernel: 1, bias: 0.1 });
  });

  it('matches names, patterns (global ones repeatably) and roles, first entry first', () => {
    const entries = [{ layer: /^block\d/g, kernel: 0.5 }, { layer: 'head', bias: 2 }];
    expect(findMultiplier(entries, 'block1_conv')?.kernel).toBe(0.5);
    expect(findMultiplier(entries, 'block2_conv')?.kernel).toBe(0.5);
    expect(findMultiplier(entries, 'head')?.bias).toBe(2);
    expect(findMultiplier(entries, 'other')).toBeUndefined();
    expect(findMultiplier(racnnLearningRateMultipliers, 'sconv1', 'classifier')?.layer).toBe('sconv1');
    expect(findMultiplier(racnnLearningRateMultipliers, 'dense', 'sr')).toBeUndefined();
  });
});

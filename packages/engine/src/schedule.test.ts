import { describe, expect, it } from 'vitest';
import { learningRateAt } from './schedule';

const at = (step: number, epoch: number) => ({ step, epoch, stepsPerEpoch: 10, totalEpochs: 5 });

describe('learningRateAt', () => {
  it('keeps a constant rate', () => {
    expect(learningRateAt(0.1, { type: 'constant' }, at(37, 3))).toBe(0.1);
  });
  it('steps by epoch or by iteration', () => {
    const byEpoch = { type: 'step', every: 2, gamma: 0.1, unit: 'epoch' } as const;
    expect(learningRateAt(1, byEpoch, at(0, 1))).toBe(1);
    expect(learningRateAt(1, byEpoch, at(25, 2))).toBeCloseTo(0.1, 12);
    expect(learningRateAt(1, byEpoch, at(45, 4))).toBeCloseTo(0.01, 12);
    const byIteration = { type: 'step', every: 7, gamma: 0.5, unit: 'iteration' } as const;
    expect(learningRateAt(1, byIteration, at(6, 0))).toBe(1);
    expect(learningRateAt(1, byIteration, at(14, 1))).toBe(0.25);
  });
  it('applies multi-step milestones (80k/120k/160k style)', () => {
    const schedule = { type: 'multi-step' as const, milestones: [80, 120, 160], gamma: 0.1, unit: 'iteration' as const };
    expect(learningRateAt(0.1, schedule, at(79, 7))).toBeCloseTo(0.1, 12);
    expect(learningRateAt(0.1, schedule, at(80, 8))).toBeCloseTo(0.01, 12);
    expect(learningRateAt(0.1, schedule, at(150, 15))).toBeCloseTo(0.001, 12);
    expect(learningRateAt(0.1, schedule, at(170, 17))).toBeCloseTo(0.0001, 12);
  });
  it('follows a cosine from the base rate to the minimum over all steps', () => {
    const schedule = { type: 'cosine', minimumLearningRate: 0.01 } as const;
    expect(learningRateAt(1, schedule, at(0, 0))).toBeCloseTo(1, 12);
    expect(learningRateAt(1, schedule, at(25, 2))).toBeCloseTo(0.01 + 0.99 * 0.5, 12);
    expect(learningRateAt(1, schedule, at(50, 5))).toBeCloseTo(0.01, 12);
    expect(learningRateAt(1, schedule, at(10, 1))).toBeCloseTo(0.01 + 0.495 * (1 + Math.cos(Math.PI * 0.2)), 12);
  });
  it('warms up linearly on top of the schedule', () => {
    const warmup = { steps: 4, startFactor: 0.2 };
    expect(learningRateAt(0.5, { type: 'constant' }, at(0, 0), warmup)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(0.5, { type: 'constant' }, at(2, 0), warmup)).toBeCloseTo(0.5 * 0.6, 12);
    expect(learningRateAt(0.5, { type: 'constant' }, at(4, 0), warmup)).toBe(0.5);
  });
});

import type { ScheduleConfig } from './config-schemas';

/** Position in training used to evaluate a schedule. */
export interface SchedulePosition {
  /** Zero-based global step (iteration) within the phase. */
  step: number;
  /** Zero-based epoch. */
  epoch: number;
  stepsPerEpoch: number;
  totalEpochs: number;
}

/** Linear warm-up over the first `steps` iterations starting at `startFactor` × the scheduled rate. */
export interface WarmupConfig {
  steps: number;
  startFactor: number;
}

/** The learning rate at a position: base rate × schedule factor × warm-up factor. */
export function learningRateAt(
  baseRate: number,
  schedule: ScheduleConfig,
  position: SchedulePosition,
  warmup?: WarmupConfig,
): number {
  let rate = baseRate;
  switch (schedule.type) {
    case 'constant':
      break;
    case 'step': {
      const counter = schedule.unit === 'epoch' ? position.epoch : position.step;
      rate = baseRate * schedule.gamma ** Math.floor(counter / schedule.every);
      break;
    }
    case 'multi-step': {
      const counter = schedule.unit === 'epoch' ? position.epoch : position.step;
      const passed = schedule.milestones.filter((milestone) => counter >= milestone).length;
      rate = baseRate * schedule.gamma ** passed;
      break;
    }
    case 'cosine': {
      const total = Math.max(1, position.totalEpochs * position.stepsPerEpoch);
      const progress = Math.min(1, position.step / total);
      const minimum = schedule.minimumLearningRate;
      rate = minimum + 0.5 * (baseRate - minimum) * (1 + Math.cos(Math.PI * progress));
      break;
    }
  }
  if (warmup && position.step < warmup.steps) {
    const fraction = position.step / warmup.steps;
    rate *= warmup.startFactor + (1 - warmup.startFactor) * fraction;
  }
  return rate;
}

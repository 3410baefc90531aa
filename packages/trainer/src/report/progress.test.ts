import { describe, expect, it } from 'vitest';
import type { StepInfo } from '@lowres/engine';
import { formatDuration, progressCallbacks } from './progress';

function step(stepInEpoch: number, stepsPerEpoch = 100): StepInfo {
  return { phase: 'classifier', epoch: 0, stepInEpoch, stepsPerEpoch, globalStep: stepInEpoch, loss: 2, epochLoss: 1.5, examples: 10, learningRate: 1e-3 };
}

/** A log stream and a clock the test moves by hand. */
function harness(isTTY: boolean) {
  const lines: string[] = [];
  let ms = 0;
  const callbacks = progressCallbacks({ isTTY, write: (text) => lines.push(text) }, { logEverySeconds: 60, now: () => ms });
  const advance = (seconds: number) => {
    ms += seconds * 1000;
  };
  return { lines, callbacks, advance };
}

describe('formatDuration', () => {
  it('writes seconds, minutes and hours', () => {
    expect(formatDuration(45.4)).toBe('45s');
    expect(formatDuration(750)).toBe('12m30s');
    expect(formatDuration(3720)).toBe('1h02m');
    expect(formatDuration(-3)).toBe('0s');
  });
});

describe('progressCallbacks off a TTY', () => {
  it('writes a step line at most once a minute, with throughput after the warm-up step and the epoch ETA', async () => {
    const { lines, callbacks, advance } = harness(false);
    await callbacks.onPhaseBegin?.({ phase: 'classifier', epochs: 1, stepsPerEpoch: 100, resumedAtStep: 0 });
    advance(30); // the first step is slow (kernel compilation) and is not timed
    await callbacks.onStepEnd?.(step(1));
    for (let i = 2; i <= 18; i += 1) {
      advance(5);
      await callbacks.onStepEnd?.(step(i));
    }
    // A minute after the phase began, at step 7: 6 timed steps of 10 images in 30 s (2 img/s, 5 s a step), 93 steps left.
    expect(lines).toEqual(['[classifier] epoch 1 step 7/100  loss 1.5000 (epoch mean)  2.00 img/s  epoch ends in ~7m45s\n']);
    advance(5);
    await callbacks.onStepEnd?.(step(19));
    expect(lines[1]).toBe('[classifier] epoch 1 step 19/100  loss 1.5000 (epoch mean)  2.00 img/s  epoch ends in ~6m45s\n');
  });

  it('leaves the last step of an epoch to the epoch line and reports checkpoints', async () => {
    const { lines, callbacks, advance } = harness(false);
    advance(120);
    await callbacks.onStepEnd?.(step(100));
    await callbacks.onCheckpoint?.({ phase: 'classifier', globalStep: 100, dir: 'runs/x/checkpoints/phase00-step000000100', best: false });
    await callbacks.onCheckpoint?.({ phase: 'classifier', globalStep: 100, dir: 'runs/x/checkpoints/best', best: true });
    await callbacks.onEpochEnd?.({ phase: 'classifier', epoch: 0, globalStep: 100, learningRate: 1e-3, loss: 0.5, accuracy: 0.8 });
    expect(lines).toEqual([
      '[classifier] checkpoint at step 100: runs/x/checkpoints/phase00-step000000100\n',
      '[classifier] epoch 1  loss 0.5000  acc 0.8000  lr 0.00100\n',
    ]);
  });
});

describe('progressCallbacks on a TTY', () => {
  it('redraws one bar in place with throughput once it is known', async () => {
    const { lines, callbacks, advance } = harness(true);
    await callbacks.onStepEnd?.(step(1, 4));
    advance(2);
    await callbacks.onStepEnd?.(step(2, 4));
    expect(lines[0]).toBe('\r[classifier] epoch 1 [========                      ] 1/4 loss 2.0000');
    expect(lines[1]).toBe('\r[classifier] epoch 1 [===============               ] 2/4 loss 2.0000  5.00 img/s  epoch ends in ~4s');
  });
});

import type { EpochRecord, StepInfo, TrainCallbacks } from '@lowres/engine';

/** Where progress goes: a stream that may be a TTY, and a line logger. */
export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): void;
}

/** Options of {@link progressCallbacks}. */
export interface ProgressOptions {
  /** Characters in the TTY progress bar. */
  width?: number;
  /** Off a TTY, the least time between two step lines (epoch lines are always written). */
  logEverySeconds?: number;
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
}

function formatRecord(record: EpochRecord): string {
  const parts = [`[${record.phase}] epoch ${record.epoch + 1}`, `loss ${record.loss.toFixed(4)}`];
  if (record.accuracy !== undefined) parts.push(`acc ${record.accuracy.toFixed(4)}`);
  if (record.val_loss !== undefined) parts.push(`val_loss ${record.val_loss.toFixed(4)}`);
  if (record.val_accuracy !== undefined) parts.push(`val_acc ${record.val_accuracy.toFixed(4)}`);
  parts.push(`lr ${record.learningRate.toPrecision(3)}`);
  return parts.join('  ');
}

/** A duration as `1h02m`, `12m30s` or `45s`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

/** Throughput since the phase's first step (which holds warm-up and kernel compilation, so it is left out). */
class StepRate {
  private origin: { time: number; steps: number; examples: number } | null = null;
  private steps = 0;
  private examples = 0;

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.origin = null;
    this.steps = 0;
    this.examples = 0;
  }

  add(examples: number): void {
    this.steps += 1;
    this.examples += examples;
    this.origin ??= { time: this.now(), steps: this.steps, examples: this.examples };
  }

  /** Images per second and seconds per step, or null before two steps have been timed. */
  measure(): { imagesPerSecond: number; secondsPerStep: number } | null {
    if (!this.origin || this.steps === this.origin.steps) return null;
    const seconds = (this.now() - this.origin.time) / 1000;
    if (seconds <= 0) return null;
    return { imagesPerSecond: (this.examples - this.origin.examples) / seconds, secondsPerStep: seconds / (this.steps - this.origin.steps) };
  }
}

function speed(info: StepInfo, rate: StepRate): string {
  const measured = rate.measure();
  if (!measured) return '';
  const remaining = (info.stepsPerEpoch - info.stepInEpoch) * measured.secondsPerStep;
  return `  ${measured.imagesPerSecond.toPrecision(3)} img/s  epoch ends in ~${formatDuration(remaining)}`;
}

/**
 * A progress bar redrawn in place on a TTY. Elsewhere (logs, CI) plain lines: one per epoch, and
 * between them a step line at most every `logEverySeconds`, with throughput and the epoch's ETA.
 */
export function progressCallbacks(output: ProgressOutput, options: ProgressOptions = {}): TrainCallbacks {
  const width = options.width ?? 30;
  const logEveryMs = (options.logEverySeconds ?? 60) * 1000;
  const now = options.now ?? (() => performance.now());
  const rate = new StepRate(now);
  let lastLine = now();
  const position = (info: StepInfo) => `[${info.phase}] epoch ${info.epoch + 1}`;
  const bar = (info: StepInfo): string => {
    const filled = Math.round((info.stepInEpoch / info.stepsPerEpoch) * width);
    return `\r${position(info)} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${info.stepInEpoch}/${info.stepsPerEpoch} loss ${info.loss.toFixed(4)}${speed(info, rate)}`;
  };
  return {
    onPhaseBegin() {
      rate.reset();
      lastLine = now();
    },
    onStepEnd(info) {
      rate.add(info.examples);
      if (output.isTTY) {
        output.write(bar(info));
        return;
      }
      if (info.stepInEpoch === info.stepsPerEpoch || now() - lastLine < logEveryMs) return;
      lastLine = now();
      output.write(`${position(info)} step ${info.stepInEpoch}/${info.stepsPerEpoch}  loss ${info.epochLoss.toFixed(4)} (epoch mean)${speed(info, rate)}\n`);
    },
    onCheckpoint(info) {
      if (!output.isTTY && !info.best) output.write(`[${info.phase}] checkpoint at step ${info.globalStep}: ${info.dir}\n`);
    },
    onEpochEnd(record) {
      lastLine = now();
      output.write(`${output.isTTY ? '\r\x1b[2K' : ''}${formatRecord(record)}\n`);
    },
  };
}

/** Calls the same hook on several callback sets, in order. */
export function combineCallbacks(...sets: readonly (TrainCallbacks | undefined)[]): TrainCallbacks {
  const present = sets.filter((set): set is TrainCallbacks => set !== undefined);
  const hook = <K extends keyof TrainCallbacks>(key: K) =>
    (async (info: never) => {
      for (const set of present) await (set[key] as ((value: never) => unknown) | undefined)?.(info);
    }) as unknown as NonNullable<TrainCallbacks[K]>;
  return {
    onPhaseBegin: hook('onPhaseBegin'),
    onStepEnd: hook('onStepEnd'),
    onEpochEnd: hook('onEpochEnd'),
    onCheckpoint: hook('onCheckpoint'),
    onPhaseEnd: hook('onPhaseEnd'),
  };
}

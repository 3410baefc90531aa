import type { EpochRecord, StepInfo, TrainCallbacks } from '../training/callbacks';

/** Where progress goes: a stream that may be a TTY, and a line logger. */
export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): void;
}

function formatRecord(record: EpochRecord): string {
  const parts = [`[${record.phase}] epoch ${record.epoch + 1}`, `loss ${record.loss.toFixed(4)}`];
  if (record.accuracy !== undefined) parts.push(`acc ${record.accuracy.toFixed(4)}`);
  if (record.val_loss !== undefined) parts.push(`val_loss ${record.val_loss.toFixed(4)}`);
  if (record.val_accuracy !== undefined) parts.push(`val_acc ${record.val_accuracy.toFixed(4)}`);
  parts.push(`lr ${record.learningRate.toPrecision(3)}`);
  return parts.join('  ');
}

/** A progress bar redrawn in place on a TTY; one plain log line per epoch otherwise. */
export function progressCallbacks(output: ProgressOutput, width = 30): TrainCallbacks {
  const bar = (info: StepInfo): string => {
    const filled = Math.round((info.stepInEpoch / info.stepsPerEpoch) * width);
    return `\r[${info.phase}] epoch ${info.epoch + 1} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${info.stepInEpoch}/${info.stepsPerEpoch} loss ${info.loss.toFixed(4)}`;
  };
  return {
    onStepEnd(info) {
      if (output.isTTY) output.write(bar(info));
    },
    onEpochEnd(record) {
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

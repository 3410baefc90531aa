import { LowresError } from './errors';

/** A checkpoint is missing files, truncated, or fails its checksum. */
export class CheckpointCorruptError extends LowresError {
  /** The marker every CheckpointCorruptError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/core/error/CheckpointCorruptError');
  readonly file: string;
  constructor(file: string, problem: string) {
    super('CHECKPOINT_CORRUPT', `Checkpoint ${file} is unusable: ${problem}`);
    this.file = file;
  }
}

/** The loss or a gradient became NaN/Infinity; training stopped before applying that step. */
export class TrainingDivergedError extends LowresError {
  /** The marker every TrainingDivergedError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/core/error/TrainingDivergedError');
  readonly step: number;
  readonly lastGoodCheckpoint: string | null;
  constructor(step: number, what: string, lastGoodCheckpoint: string | null) {
    const kept = lastGoodCheckpoint ? ` Last good checkpoint: ${lastGoodCheckpoint}.` : ' No checkpoint was written yet.';
    super('TRAINING_DIVERGED', `Training diverged at step ${step}: ${what} is not finite.${kept}`);
    this.step = step;
    this.lastGoodCheckpoint = lastGoodCheckpoint;
  }
}

/** Training was asked to stop (SIGINT / SIGTERM / an aborted signal); `checkpoint` holds the state to resume from. */
export class TrainingInterruptedError extends LowresError {
  /** The marker every TrainingInterruptedError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/core/error/TrainingInterruptedError');
  readonly checkpoint: string | null;
  readonly step: number;
  constructor(step: number, checkpoint: string | null) {
    const where = checkpoint
      ? ` A checkpoint was written to ${checkpoint}; run again with resume to continue.`
      : ' No run directory was set, so nothing was saved.';
    super('TRAINING_INTERRUPTED', `Training stopped at step ${step} on request.${where}`);
    this.step = step;
    this.checkpoint = checkpoint;
  }
}

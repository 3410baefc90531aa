import { LowresError } from '@lowres/core';

/** A training configuration failed validation; `field` is the dotted path of the offending value. */
export class ConfigInvalidError extends LowresError {
  readonly field: string;
  constructor(field: string, problem: string) {
    super('CONFIG_INVALID', `Invalid config field '${field}': ${problem}`);
    this.field = field;
  }
}

/** A checkpoint is missing files, truncated, or fails its checksum. */
export class CheckpointCorruptError extends LowresError {
  readonly file: string;
  constructor(file: string, problem: string) {
    super('CHECKPOINT_CORRUPT', `Checkpoint ${file} is unusable: ${problem}`);
    this.file = file;
  }
}

/** The loss or a gradient became NaN/Infinity; training stopped before applying that step. */
export class TrainingDivergedError extends LowresError {
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

/** A training step ran out of memory (e.g. wasm's 4 GB heap); `hint` says how to make it fit. */
export class OutOfMemoryError extends LowresError {
  readonly step: number;
  constructor(step: number, detail: string, hint: string) {
    super('OUT_OF_MEMORY', `Training ran out of memory at step ${step} (${detail}). ${hint}`);
    this.step = step;
  }
}

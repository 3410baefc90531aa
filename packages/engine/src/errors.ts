import { LowresError } from '@lowres/core';

/** The shared training errors live in @lowres/core (model packages throw them too); re-exported here. */
export { CheckpointCorruptError, TrainingDivergedError, TrainingInterruptedError } from '@lowres/core';

/** A training configuration failed validation; `field` is the dotted path of the offending value. */
export class ConfigInvalidError extends LowresError {
  /** The marker every ConfigInvalidError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/engine/error/ConfigInvalidError');
  readonly field: string;
  constructor(field: string, problem: string) {
    super('CONFIG_INVALID', `Invalid config field '${field}': ${problem}`);
    this.field = field;
  }
}

/** A training step ran out of memory (e.g. wasm's 4 GB heap); `hint` says how to make it fit. */
export class OutOfMemoryError extends LowresError {
  /** The marker every OutOfMemoryError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/engine/error/OutOfMemoryError');
  readonly step: number;
  constructor(step: number, detail: string, hint: string) {
    super('OUT_OF_MEMORY', `Training ran out of memory at step ${step} (${detail}). ${hint}`);
    this.step = step;
  }
}

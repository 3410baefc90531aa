import { LowresError } from '@lowres/core';

export {
  CheckpointCorruptError,
  ConfigInvalidError,
  OutOfMemoryError,
  TrainingDivergedError,
  TrainingInterruptedError,
} from '@lowres/engine';

/** Two registries (or one registry and an addition) define the same plugin name. */
export class DuplicatePluginError extends LowresError {
  /** The marker every DuplicatePluginError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/trainer/error/DuplicatePluginError');
  readonly kind: string;
  readonly duplicate: string;
  constructor(kind: string, duplicate: string) {
    super('DUPLICATE_PLUGIN', `Duplicate ${kind} plugin '${duplicate}': each name may be registered once.`);
    this.kind = kind;
    this.duplicate = duplicate;
  }
}

/** A recipe cannot be run here yet; `missing` says what it needs. */
export class RecipeUnavailableError extends LowresError {
  /** The marker every RecipeUnavailableError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/trainer/error/RecipeUnavailableError');
  readonly recipe: string;
  readonly missing: string;
  constructor(recipe: string, missing: string) {
    super('RECIPE_UNAVAILABLE', `Recipe '${recipe}' cannot run yet: ${missing}`);
    this.recipe = recipe;
    this.missing = missing;
  }
}

/** A run directory is being written by another run, or holds a different run that a new one would destroy. */
export class RunDirectoryInUseError extends LowresError {
  /** The marker every RunDirectoryInUseError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/trainer/error/RunDirectoryInUseError');
  readonly dir: string;
  constructor(dir: string, problem: string) {
    super('RUN_DIRECTORY_IN_USE', `Run directory ${dir} ${problem}`);
    this.dir = dir;
  }
}

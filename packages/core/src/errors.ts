/** Stable machine-readable error codes used across lowres packages. */
export type LowresErrorCode =
  | 'INVALID_ARGUMENT'
  | 'DATASET_FORMAT'
  | 'DATASET_NOT_FOUND'
  | 'DOWNLOAD_FAILED'
  | 'CHECKSUM_MISMATCH'
  | 'UNKNOWN_PLUGIN'
  | 'SHAPE_MISMATCH'
  | 'BACKEND_UNAVAILABLE'
  | 'CHECKPOINT_CORRUPT'
  | 'CONFIG_INVALID'
  | 'TRAINING_DIVERGED'
  | 'TRAINING_INTERRUPTED'
  | 'RECIPE_UNAVAILABLE'
  | 'DUPLICATE_PLUGIN'
  | 'UNKNOWN_DATASET'
  | 'FILE_SYSTEM'
  | 'RUN_DIRECTORY_IN_USE'
  | 'OUT_OF_MEMORY';

/** Base class of every error lowres throws on purpose; `code` is stable across versions. */
export class LowresError extends Error {
  readonly code: LowresErrorCode;
  constructor(code: LowresErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A function argument or option has a value outside what is accepted. */
export class InvalidArgumentError extends LowresError {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super('INVALID_ARGUMENT', `${argument}: ${message}`);
    this.argument = argument;
  }
}

/** A dataset file exists but its content is not what the format requires. */
export class DatasetFormatError extends LowresError {
  readonly file: string;
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super('DATASET_FORMAT', `${file}: ${problem}`, options);
    this.file = file;
  }
}

/** A dataset file or folder is missing. */
export class DatasetNotFoundError extends LowresError {
  readonly file: string;
  constructor(file: string, hint = '') {
    super('DATASET_NOT_FOUND', `${file}: not found${hint ? `. ${hint}` : ''}`);
    this.file = file;
  }
}

/** A plugin (or dataset, recipe…) name is not registered; lists what is available. */
export class UnknownPluginError extends LowresError {
  readonly requested: string;
  readonly available: readonly string[];
  constructor(kind: string, requested: string, available: readonly string[], suggestion?: string, code: 'UNKNOWN_PLUGIN' | 'UNKNOWN_DATASET' = 'UNKNOWN_PLUGIN') {
    const hint = suggestion ? ` Did you mean '${suggestion}'?` : '';
    super(
      code,
      `Unknown ${kind} '${requested}'. Available: ${available.join(', ') || '(none)'}.${hint}`,
    );
    this.requested = requested;
    this.available = available;
  }
}

/** A tensor or image does not have the shape an operation requires. */
export class ShapeMismatchError extends LowresError {
  readonly expected: string;
  readonly actual: readonly number[];
  constructor(what: string, expected: string, actual: readonly number[]) {
    super('SHAPE_MISMATCH', `${what}: expected shape ${expected}, got [${actual.join(', ')}]`);
    this.expected = expected;
    this.actual = actual;
  }
}

/** A requested TF.js backend is unknown or cannot be initialised here. */
export class BackendUnavailableError extends LowresError {
  readonly requested: string;
  readonly available: readonly string[];
  constructor(requested: string, available: readonly string[], reason: string) {
    super(
      'BACKEND_UNAVAILABLE',
      `Backend '${requested}' is not available: ${reason}. Known backends: ${available.join(', ')}.`,
    );
    this.requested = requested;
    this.available = available;
  }
}

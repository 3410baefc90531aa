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

/** A LowresError class as `isInstance` sees it: constructible and carrying its own marker. */
export type LowresErrorClass<T> = (abstract new (...args: never[]) => T) & { readonly marker: symbol };

/**
 * Base class of every error lowres throws on purpose; `code` is stable across versions.
 * Check with `SomeError.isInstance(value)`: it reads a `Symbol.for` marker, so it holds when
 * @lowres/core is installed twice (`instanceof` is routed through the same check).
 */
export class LowresError extends Error {
  /** The global-registry symbol that every instance of this class (and of its subclasses) carries. */
  static readonly marker: symbol = Symbol.for('@lowres/core/error/LowresError');
  readonly code: LowresErrorCode;
  constructor(code: LowresErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    for (let type: object | null = new.target; type && type !== Error; type = Object.getPrototypeOf(type)) {
      if (Object.hasOwn(type, 'marker')) {
        Object.defineProperty(this, (type as { marker: symbol }).marker, { value: true, enumerable: false });
      }
    }
  }

  /** True when `value` was made by this class or a subclass, by any installed copy of @lowres/core. */
  static isInstance<T>(this: LowresErrorClass<T>, value: unknown): value is T {
    // biome-ignore lint/complexity/noThisInStatic: the class it is called on chooses the marker.
    return hasMarker(value, this.marker);
  }

  /** Makes `instanceof` (and test matchers built on it) use the marker check as well. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: the class on the right of instanceof chooses the marker.
    return hasMarker(value, this.marker);
  }
}

function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

/** A function argument or option has a value outside what is accepted. */
export class InvalidArgumentError extends LowresError {
  /** The marker every InvalidArgumentError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/core/error/InvalidArgumentError');
  readonly argument: string;
  constructor(argument: string, message: string) {
    super('INVALID_ARGUMENT', `${argument}: ${message}`);
    this.argument = argument;
  }
}

/** A dataset file exists but its content is not what the format requires. */
export class DatasetFormatError extends LowresError {
  /** The marker every DatasetFormatError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/core/error/DatasetFormatError');
  readonly file: string;
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super('DATASET_FORMAT', `${file}: ${problem}`, options);
    this.file = file;
  }
}

/** A dataset file or folder is missing. */
export class DatasetNotFoundError extends LowresError {
  /** The marker every DatasetNotFoundError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/core/error/DatasetNotFoundError');
  readonly file: string;
  constructor(file: string, hint = '') {
    super('DATASET_NOT_FOUND', `${file}: not found${hint ? `. ${hint}` : ''}`);
    this.file = file;
  }
}

/** A plugin (or dataset, recipe…) name is not registered; lists what is available. */
export class UnknownPluginError extends LowresError {
  /** The marker every UnknownPluginError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/core/error/UnknownPluginError');
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
  /** The marker every ShapeMismatchError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/core/error/ShapeMismatchError');
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
  /** The marker every BackendUnavailableError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/core/error/BackendUnavailableError');
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

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';

/** The 3,000/1,000-image Fashion-MNIST subset shipped with @lowres/datasets (IDX, gzip). */
export const MINI_FASHION_MNIST = fileURLToPath(new URL('../../../packages/datasets/data/fashion-mnist-mini', import.meta.url));

/** Settings of the α-sweep example. */
export interface ExampleOptions {
  /** Training passes per α. */
  epochs: number;
  /** Training images (HR 28×28). */
  train: number;
  /** Test images the metrics are computed on. */
  test: number;
  /** Images per optimisation step. */
  batch: number;
  /** Seed of initialisation and shuffling. */
  seed: number;
  /** Forced TF.js backend ('wasm', 'cpu', 'tensorflow'); default: the fastest available. */
  backend?: string;
  /** Folder receiving the PNGs and results.json. */
  out: string;
  /** Folder holding the Fashion-MNIST IDX files. */
  data: string;
  /** A seconds-long run: a few images, 1 epoch, a narrow one-block WDSR-A. */
  tiny: boolean;
}

/** Defaults of a full run on the embedded subset. */
export const defaultOptions: ExampleOptions = {
  epochs: 3,
  train: 3000,
  test: 1000,
  batch: 16,
  seed: 1,
  out: 'runs/hf-weighted-sr',
  data: MINI_FASHION_MNIST,
  tiny: false,
};

/** Settings `--tiny` switches to (explicit flags still win). */
export const tinyOptions: Partial<ExampleOptions> = { epochs: 1, train: 24, test: 8, batch: 8 };

/** Parses command-line flags; a leading `--` (as `pnpm start -- …` passes it) is ignored. */
export function parseOptions(argv: readonly string[]): ExampleOptions {
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : [...argv],
    options: {
      epochs: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      batch: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
      data: { type: 'string' },
      tiny: { type: 'boolean', default: false },
    },
  });
  const given: Partial<ExampleOptions> = { tiny: values.tiny ?? false };
  for (const key of ['epochs', 'train', 'test', 'batch', 'seed'] as const) {
    const text = values[key];
    if (text !== undefined) given[key] = integerFlag(key, text, key === 'seed' ? 0 : 1);
  }
  if (values.backend !== undefined) given.backend = values.backend;
  if (values.out !== undefined) given.out = values.out;
  if (values.data !== undefined) given.data = values.data;
  return resolveOptions(given);
}

/** Fills in defaults (and the tiny settings when `tiny` is set) and checks every number. */
export function resolveOptions(options: Partial<ExampleOptions>): ExampleOptions {
  const resolved = { ...defaultOptions, ...(options.tiny ? tinyOptions : {}), ...withoutUndefined(options) };
  for (const key of ['epochs', 'train', 'test', 'batch'] as const) requirePositiveInteger(key, resolved[key]);
  if (!Number.isInteger(resolved.seed) || resolved.seed < 0) {
    throw new InvalidArgumentError('seed', `expected a non-negative integer, got ${resolved.seed}`);
  }
  return resolved;
}

function integerFlag(name: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < minimum) {
    throw new InvalidArgumentError(`--${name}`, `expected an integer ≥ ${minimum}, got '${text}'`);
  }
  return value;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

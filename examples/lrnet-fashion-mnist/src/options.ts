import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';

/** The 3,000/1,000-image Fashion-MNIST subset shipped with @lowres/datasets (IDX, gzip). */
export const MINI_FASHION_MNIST = fileURLToPath(new URL('../../../packages/datasets/data/fashion-mnist-mini', import.meta.url));

/** Settings of the LR-Net example; the defaults are the paper's recipe. */
export interface ExampleOptions {
  /** Most training epochs (early stopping usually ends the run sooner). */
  epochs: number;
  /** Epochs without a lower validation loss before training stops. */
  patience: number;
  /** Share of the training images held out for validation. */
  validation: number;
  /** Training images (before the validation split). */
  train: number;
  /** Test images, scored once after training. */
  test: number;
  /** Images per step. */
  batch: number;
  /** Seed of initialisation, validation split and shuffling. */
  seed: number;
  /** Training images whose batch statistics replace the batch-norm moving averages before testing (0, the paper's way: keep them). */
  bnRecalibration: number;
  /** LR-Net filter multiplier (1 = the paper's 1,028,234-parameter model). */
  width: number;
  /** Forced TF.js backend ('wasm', 'cpu', 'tensorflow'); default: the fastest available. */
  backend?: string;
  /** Run folder: config, checkpoints, metrics logs, report. */
  out: string;
  /** Folder holding the Fashion-MNIST IDX files. */
  data: string;
  /** A seconds-long run: a few images, a narrow LR-Net with a small head. */
  tiny: boolean;
}

/** The paper's recipe on the embedded subset. */
export const defaultOptions: ExampleOptions = {
  epochs: 1000,
  patience: 30,
  validation: 0.1,
  train: 3000,
  test: 1000,
  batch: 128,
  seed: 1,
  bnRecalibration: 0,
  width: 1,
  out: 'runs/lrnet-fashion-mnist',
  data: MINI_FASHION_MNIST,
  tiny: false,
};

/** Settings `--tiny` switches to (explicit flags still win). */
export const tinyOptions: Partial<ExampleOptions> = { epochs: 2, patience: 1, validation: 0.25, train: 16, test: 8, batch: 12, width: 0.125 };

/** Parses command-line flags; a leading `--` (as `pnpm start -- …` passes it) is ignored. */
export function parseOptions(argv: readonly string[]): ExampleOptions {
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : [...argv],
    options: {
      epochs: { type: 'string' },
      patience: { type: 'string' },
      validation: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      batch: { type: 'string' },
      seed: { type: 'string' },
      'bn-recalibration': { type: 'string' },
      width: { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
      data: { type: 'string' },
      tiny: { type: 'boolean', default: false },
    },
  });
  const given: Partial<ExampleOptions> = { tiny: values.tiny ?? false };
  const integers = { epochs: 'epochs', patience: 'patience', train: 'train', test: 'test', batch: 'batch', seed: 'seed', bnRecalibration: 'bn-recalibration' } as const;
  for (const [key, flag] of Object.entries(integers) as [keyof typeof integers, string][]) {
    const text = values[flag as keyof typeof values] as string | undefined;
    if (text !== undefined) {
      if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError(`--${flag}`, `expected a non-negative integer, got '${text}'`);
      given[key] = Number(text);
    }
  }
  for (const key of ['validation', 'width'] as const) {
    const text = values[key];
    if (text !== undefined) {
      if (text.trim() === '' || !Number.isFinite(Number(text))) throw new InvalidArgumentError(`--${key}`, `expected a number, got '${text}'`);
      given[key] = Number(text);
    }
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
  for (const key of ['patience', 'seed', 'bnRecalibration'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 0) {
      throw new InvalidArgumentError(key, `expected a non-negative integer, got ${resolved[key]}`);
    }
  }
  if (!(resolved.validation > 0 && resolved.validation <= 0.9)) {
    throw new InvalidArgumentError('validation', `expected a share in (0, 0.9] (early stopping needs a validation split), got ${resolved.validation}`);
  }
  if (!(resolved.width > 0 && Number.isFinite(resolved.width))) {
    throw new InvalidArgumentError('width', `expected a positive multiplier, got ${resolved.width}`);
  }
  return resolved;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

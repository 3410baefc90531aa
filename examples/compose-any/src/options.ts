import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';

/** The 3,000/1,000-image Fashion-MNIST subset shipped with @lowres/datasets (IDX, gzip). */
export const MINI_FASHION_MNIST = fileURLToPath(new URL('../../../packages/datasets/data/fashion-mnist-mini', import.meta.url));

/** SR front ends the example knows how to train (see `srSetup` in main.ts). */
export const SR_NAMES = ['none', 'bicubic', 'racnn', 'wdsr-a'] as const;
/** Classifier back ends the example knows how to train (see `classifierSetup` in main.ts). */
export const CLASSIFIER_NAMES = ['lrnet', 'resnet18', 'bagnet9'] as const;
/** One of {@link SR_NAMES}. */
export type SrName = (typeof SR_NAMES)[number];
/** One of {@link CLASSIFIER_NAMES}. */
export type ClassifierName = (typeof CLASSIFIER_NAMES)[number];

/** Settings of the comparison. */
export interface ExampleOptions {
  /** SR front ends to try. */
  sr: SrName[];
  /** Classifier back ends to try with every front end. */
  classifiers: ClassifierName[];
  /** Training epochs of every pair (and of WDSR-A's SR stage). */
  epochs: number;
  /** Training images. */
  train: number;
  /** Test images. */
  test: number;
  /** Images per step. */
  batch: number;
  /** Seed of initialisation and shuffling. */
  seed: number;
  /** Training images whose batch statistics replace the batch-norm moving averages after training (0: keep them). */
  bnRecalibration: number;
  /** Forced TF.js backend ('wasm', 'cpu', 'tensorflow'); default: the fastest available. */
  backend?: string;
  /** Folder receiving one run folder per pair and results.json. */
  out: string;
  /** Folder holding the Fashion-MNIST IDX files. */
  data: string;
  /** A seconds-long run: a few images, 1 epoch, narrow models, ResNet-18 left out. */
  tiny: boolean;
}

/** Defaults: every pair, a short training on a third of the embedded subset. */
export const defaultOptions: ExampleOptions = {
  sr: [...SR_NAMES],
  classifiers: [...CLASSIFIER_NAMES],
  epochs: 2,
  train: 1000,
  test: 500,
  batch: 32,
  seed: 1,
  // A short run leaves batch norm's moving averages (momentum 0.99) far from the trained weights' statistics.
  bnRecalibration: 1024,
  out: 'runs/compose-any',
  data: MINI_FASHION_MNIST,
  tiny: false,
};

/** Settings `--tiny` switches to (explicit flags still win). ResNet-18 has no width option, so it is left out. */
export const tinyOptions: Partial<ExampleOptions> = { classifiers: ['lrnet', 'bagnet9'], epochs: 1, train: 4, test: 4, batch: 4 };

/** Parses command-line flags; a leading `--` (as `pnpm start -- …` passes it) is ignored. */
export function parseOptions(argv: readonly string[]): ExampleOptions {
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : [...argv],
    options: {
      sr: { type: 'string' },
      classifiers: { type: 'string' },
      epochs: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      batch: { type: 'string' },
      seed: { type: 'string' },
      'bn-recalibration': { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
      data: { type: 'string' },
      tiny: { type: 'boolean', default: false },
    },
  });
  const given: Partial<ExampleOptions> = { tiny: values.tiny ?? false };
  if (values.sr !== undefined) given.sr = list(values.sr) as SrName[];
  if (values.classifiers !== undefined) given.classifiers = list(values.classifiers) as ClassifierName[];
  const integers = { epochs: 'epochs', train: 'train', test: 'test', batch: 'batch', seed: 'seed', bnRecalibration: 'bn-recalibration' } as const;
  for (const [key, flag] of Object.entries(integers) as [keyof typeof integers, string][]) {
    const text = values[flag as keyof typeof values] as string | undefined;
    if (text !== undefined) {
      if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError(`--${flag}`, `expected a non-negative integer, got '${text}'`);
      given[key] = Number(text);
    }
  }
  if (values.backend !== undefined) given.backend = values.backend;
  if (values.out !== undefined) given.out = values.out;
  if (values.data !== undefined) given.data = values.data;
  return resolveOptions(given);
}

/** Fills in defaults (and the tiny settings when `tiny` is set) and checks every value. */
export function resolveOptions(options: Partial<ExampleOptions>): ExampleOptions {
  const resolved = { ...defaultOptions, ...(options.tiny ? tinyOptions : {}), ...withoutUndefined(options) };
  checkNames('sr', resolved.sr, SR_NAMES);
  checkNames('classifiers', resolved.classifiers, CLASSIFIER_NAMES);
  for (const key of ['epochs', 'train', 'test', 'batch'] as const) requirePositiveInteger(key, resolved[key]);
  for (const key of ['seed', 'bnRecalibration'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 0) {
      throw new InvalidArgumentError(key, `expected a non-negative integer, got ${resolved[key]}`);
    }
  }
  return resolved;
}

function list(text: string): string[] {
  return text.split(',').map((name) => name.trim());
}

function checkNames(argument: string, names: readonly string[], known: readonly string[]): void {
  const unknown = names.filter((name) => !known.includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(argument, `expected a comma-separated list of ${known.join(', ')}, got '${names.join(',')}'`);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

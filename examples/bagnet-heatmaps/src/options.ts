import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BagnetOptimizerName, BagnetPatch } from '@lowres/bagnet';
import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';

/** BagNet receptive fields the example can compare. */
export const PATCHES: readonly BagnetPatch[] = [9, 17, 33];
/** Optimizers the example can compare (learning rates from `bagnetTrainingDefaults`). */
export const OPTIMIZERS: readonly BagnetOptimizerName[] = ['sgd', 'adam', 'adadelta'];

/** The 3,000/1,000-image Fashion-MNIST subset shipped with @lowres/datasets (IDX, gzip). */
export const MINI_FASHION_MNIST = fileURLToPath(new URL('../../../packages/datasets/data/fashion-mnist-mini', import.meta.url));

/** Settings of the BagNet example. */
export interface ExampleOptions {
  /** Training passes per model. */
  epochs: number;
  /** Training images. */
  train: number;
  /** Test images the accuracy is measured on. */
  test: number;
  /** Receptive fields to train (default all three). */
  patches: BagnetPatch[];
  /** Optimizers to train each patch size with (default all three). */
  optimizers: BagnetOptimizerName[];
  /** Images per optimisation step (the study used 100). */
  batch: number;
  /** Seed of initialisation and shuffling. */
  seed: number;
  /** Side length the 28×28 images are bicubic-resized to; at least 33 (BagNet-33's receptive field). */
  size: number;
  /** BagNet channel multiplier (1 = the original ResNet-50 widths; smaller is faster on a CPU). */
  width: number;
  /** Test images drawn as class-evidence heatmaps per model. */
  heatmaps: number;
  /** Forced TF.js backend ('wasm', 'cpu', 'tensorflow'); default: the fastest available. */
  backend?: string;
  /** Folder receiving the heatmap PNGs and results.json. */
  out: string;
  /** Folder holding the Fashion-MNIST IDX files. */
  data: string;
  /** A seconds-long run: a few 33×33 images, 1 epoch, a very narrow BagNet. */
  tiny: boolean;
}

/** Defaults of a full run on the embedded subset (narrow BagNets so a CPU finishes in minutes). */
export const defaultOptions: ExampleOptions = {
  epochs: 2,
  train: 2000,
  test: 500,
  patches: [...PATCHES],
  optimizers: [...OPTIMIZERS],
  batch: 100,
  seed: 1,
  size: 40,
  width: 0.125,
  heatmaps: 4,
  out: 'runs/bagnet-heatmaps',
  data: MINI_FASHION_MNIST,
  tiny: false,
};

/** Settings `--tiny` switches to (explicit flags still win). */
export const tinyOptions: Partial<ExampleOptions> = { epochs: 1, train: 8, test: 4, batch: 8, size: 33, width: 1 / 16, heatmaps: 1 };

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
      patches: { type: 'string' },
      optimizers: { type: 'string' },
      size: { type: 'string' },
      width: { type: 'string' },
      heatmaps: { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
      data: { type: 'string' },
      tiny: { type: 'boolean', default: false },
    },
  });
  const given: Partial<ExampleOptions> = { tiny: values.tiny ?? false };
  for (const key of ['epochs', 'train', 'test', 'batch', 'seed', 'size', 'heatmaps'] as const) {
    const text = values[key];
    if (text !== undefined) given[key] = integerFlag(key, text);
  }
  if (values.width !== undefined) {
    given.width = Number(values.width);
    if (values.width.trim() === '' || !Number.isFinite(given.width)) {
      throw new InvalidArgumentError('--width', `expected a number, got '${values.width}'`);
    }
  }
  if (values.patches !== undefined) given.patches = values.patches.split(',').map((text) => Number(text.trim()) as BagnetPatch);
  if (values.optimizers !== undefined) given.optimizers = values.optimizers.split(',').map((text) => text.trim() as BagnetOptimizerName);
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
  const unknownPatch = resolved.patches.find((patch) => !PATCHES.includes(patch));
  if (resolved.patches.length === 0 || unknownPatch !== undefined) {
    throw new InvalidArgumentError('patches', `expected a list of ${PATCHES.join(', ')}, got ${resolved.patches.join(',')}`);
  }
  const unknownOptimizer = resolved.optimizers.find((optimizer) => !OPTIMIZERS.includes(optimizer));
  if (resolved.optimizers.length === 0 || unknownOptimizer !== undefined) {
    throw new InvalidArgumentError('optimizers', `expected a list of ${OPTIMIZERS.join(', ')}, got ${resolved.optimizers.join(',')}`);
  }
  if (!Number.isInteger(resolved.size) || resolved.size < 33) {
    throw new InvalidArgumentError('size', `expected an integer ≥ 33 (BagNet-33's receptive field), got ${resolved.size}`);
  }
  if (!(resolved.width > 0 && resolved.width <= 1)) {
    throw new InvalidArgumentError('width', `expected a channel multiplier in (0, 1], got ${resolved.width}`);
  }
  if (!Number.isInteger(resolved.heatmaps) || resolved.heatmaps < 0 || resolved.heatmaps > resolved.test) {
    throw new InvalidArgumentError('heatmaps', `expected an integer in [0, test = ${resolved.test}], got ${resolved.heatmaps}`);
  }
  return resolved;
}

function integerFlag(name: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError(`--${name}`, `expected a non-negative integer, got '${text}'`);
  return Number(text);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

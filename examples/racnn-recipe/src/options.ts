import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';

/** The 3,000/1,000-image Fashion-MNIST subset shipped with @lowres/datasets (IDX, gzip). */
export const MINI_FASHION_MNIST = fileURLToPath(new URL('../../../packages/datasets/data/fashion-mnist-mini', import.meta.url));

/** Settings of the RACNN example. */
export interface ExampleOptions {
  /** End-to-end training epochs of every method. */
  epochs: number;
  /** Epochs of the SR pre-training on LR/HR pairs (p-RACNN). */
  pretrainEpochs: number;
  /** Training images. */
  train: number;
  /** Test images. */
  test: number;
  /** Images per step (the recipe's 32). */
  batch: number;
  /** Base SGD learning rate of the end-to-end training. */
  learningRate: number;
  /** Seed of initialisation and shuffling. */
  seed: number;
  /** Training images whose batch statistics replace the batch-norm moving averages after training (0: keep them). */
  bnRecalibration: number;
  /** Forced TF.js backend ('wasm', 'cpu', 'tensorflow'); default: the fastest available. */
  backend?: string;
  /** Folder receiving the pre-trained SR weights, one run folder per method and results.json. */
  out: string;
  /** Folder holding the Fashion-MNIST IDX files. */
  data: string;
  /** A seconds-long run: a few images, 1 epoch, a narrow LR-Net. */
  tiny: boolean;
}

/**
 * Defaults. The recipe's base learning rate (0.001) assumes an ImageNet-pretrained back end; LR-Net
 * starts from scratch here, so the example uses 0.01 (`--learning-rate 0.001` for the paper's).
 */
export const defaultOptions: ExampleOptions = {
  epochs: 5,
  pretrainEpochs: 10,
  train: 3000,
  test: 1000,
  batch: 32,
  learningRate: 0.01,
  seed: 1,
  // A short run leaves batch norm's moving averages (momentum 0.99) far from the trained weights' statistics.
  bnRecalibration: 1024,
  out: 'runs/racnn-recipe',
  data: MINI_FASHION_MNIST,
  tiny: false,
};

/** Settings `--tiny` switches to (explicit flags still win). */
export const tinyOptions: Partial<ExampleOptions> = { epochs: 1, pretrainEpochs: 1, train: 4, test: 4, batch: 4 };

/** Parses command-line flags; a leading `--` (as `pnpm start -- …` passes it) is ignored. */
export function parseOptions(argv: readonly string[]): ExampleOptions {
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : [...argv],
    options: {
      epochs: { type: 'string' },
      'pretrain-epochs': { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      batch: { type: 'string' },
      'learning-rate': { type: 'string' },
      seed: { type: 'string' },
      'bn-recalibration': { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
      data: { type: 'string' },
      tiny: { type: 'boolean', default: false },
    },
  });
  const given: Partial<ExampleOptions> = { tiny: values.tiny ?? false };
  const integers = { epochs: 'epochs', pretrainEpochs: 'pretrain-epochs', train: 'train', test: 'test', batch: 'batch', seed: 'seed', bnRecalibration: 'bn-recalibration' } as const;
  for (const [key, flag] of Object.entries(integers) as [keyof typeof integers, string][]) {
    const text = values[flag as keyof typeof values] as string | undefined;
    if (text !== undefined) {
      if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError(`--${flag}`, `expected a non-negative integer, got '${text}'`);
      given[key] = Number(text);
    }
  }
  const rate = values['learning-rate'];
  if (rate !== undefined) {
    if (rate.trim() === '' || !Number.isFinite(Number(rate))) throw new InvalidArgumentError('--learning-rate', `expected a number, got '${rate}'`);
    given.learningRate = Number(rate);
  }
  if (values.backend !== undefined) given.backend = values.backend;
  if (values.out !== undefined) given.out = values.out;
  if (values.data !== undefined) given.data = values.data;
  return resolveOptions(given);
}

/** Fills in defaults (and the tiny settings when `tiny` is set) and checks every number. */
export function resolveOptions(options: Partial<ExampleOptions>): ExampleOptions {
  const resolved = { ...defaultOptions, ...(options.tiny ? tinyOptions : {}), ...withoutUndefined(options) };
  for (const key of ['epochs', 'pretrainEpochs', 'train', 'test', 'batch'] as const) requirePositiveInteger(key, resolved[key]);
  for (const key of ['seed', 'bnRecalibration'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 0) {
      throw new InvalidArgumentError(key, `expected a non-negative integer, got ${resolved[key]}`);
    }
  }
  if (!(resolved.learningRate > 0 && Number.isFinite(resolved.learningRate))) {
    throw new InvalidArgumentError('learningRate', `expected a positive number, got ${resolved.learningRate}`);
  }
  return resolved;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

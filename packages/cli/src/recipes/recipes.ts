import { InvalidArgumentError, UnknownPluginError } from '@lowres/core';
import type { TrainConfigInput } from '@lowres/trainer';
import { closestName } from '@lowres/core';
import { bagnet17FashionMnist, bagnet33FashionMnist, bagnet9FashionMnist } from './bagnet-fashion-mnist-recipes';
import { bagnetTinyImagenet } from './bagnet-recipe';
import { hfSrCifar10 } from './hf-sr-recipe';
import { lrnetFashionMnist, lrnetFashionMnistAuthorsRun, lrnetMnist, lrnetOracleMnist } from './lrnet-recipes';
import { racnnCub } from './racnn-recipe';
import { inceptionV3FashionMnist, vgg16FashionMnist } from './table-ii-recipes';
import type { Recipe } from './recipe';

/** Every published protocol `lowres reproduce` knows, by name. */
export const RECIPES = {
  'lrnet-mnist': lrnetMnist,
  'lrnet-fashion-mnist': lrnetFashionMnist,
  'lrnet-fashion-mnist-authors-run': lrnetFashionMnistAuthorsRun,
  'lrnet-oracle-mnist': lrnetOracleMnist,
  'vgg16-fashion-mnist': vgg16FashionMnist,
  'inception-v3-fashion-mnist': inceptionV3FashionMnist,
  'bagnet-tiny-imagenet': bagnetTinyImagenet,
  'bagnet9-fashion-mnist': bagnet9FashionMnist,
  'bagnet17-fashion-mnist': bagnet17FashionMnist,
  'bagnet33-fashion-mnist': bagnet33FashionMnist,
  'racnn-cub': racnnCub,
  'hf-sr-cifar10': hfSrCifar10,
} as const satisfies Record<string, Recipe>;

/** Name of a built-in recipe. */
export type RecipeName = keyof typeof RECIPES;

/** Names of the built-in recipes. */
export function recipeNames(): RecipeName[] {
  return Object.keys(RECIPES) as RecipeName[];
}

/** The recipe of that name; an unknown name throws UnknownPluginError with a "did you mean". */
export function findRecipe(name: string): Recipe {
  const recipe = (RECIPES as Record<string, Recipe>)[name];
  if (recipe) return recipe;
  const names = recipeNames();
  throw new UnknownPluginError('recipe', name, names, closestName(name, names));
}

/** How to shrink a recipe for a quick check. */
export interface RecipeShrink {
  /** Train for this many epochs (SR pre-training for at most as many). */
  epochs?: number;
  /** Only the first N images of each split were loaded (recorded, applied by the data loader). */
  limit?: number;
  /** Decode a folder dataset at this [height, width] instead of the recipe's size; a low-resolution size scales with it. */
  size?: readonly [number, number];
  /** Classifier factory options merged over the recipe's (e.g. `{ width: 0.0625 }`). */
  classifierOptions?: Record<string, unknown>;
  /** SR factory options merged over the recipe's. */
  srOptions?: Record<string, unknown>;
}

/** Where and how a recipe runs, without changing what it measures. */
export interface RecipeRunOptions {
  outDir?: string;
  dataDir?: string;
  /** Seed of the weights, the validation split and the batch order (the recipe's own seed otherwise). */
  seed?: number;
  /**
   * Sum the gradients of parts of this many images per batch (for a heap that does not hold a whole
   * batch); batch norm then sees a part at a time, a deviation `reproduce` records.
   */
  microBatchSize?: number;
}

type PluginInput = TrainConfigInput['classifier'];

function withOptions<T extends PluginInput | undefined>(reference: T, options: Record<string, unknown> | undefined): T | PluginInput {
  if (!options || reference === undefined) return reference;
  const { name, options: base } = typeof reference === 'string' ? { name: reference, options: {} } : { name: reference.name, options: reference.options ?? {} };
  return { name, options: { ...base, ...options } };
}

function scaledSize(size: readonly [number, number], from: readonly [number, number], to: readonly [number, number]): [number, number] {
  return [Math.max(1, Math.round((size[0] * to[0]) / from[0])), Math.max(1, Math.round((size[1] * to[1]) / from[1]))];
}

/**
 * A recipe's training config with `dataset` (including a folder dataset's decode `size` and `crop` in
 * `dataset.options`), `outDir` and any shrinking applied. Shrinking the image size scales a
 * low-resolution `size` (and an explicit `restore` size) by the same ratio.
 */
export function recipeConfig(recipe: Recipe, options: RecipeShrink & RecipeRunOptions = {}): TrainConfigInput {
  if (options.size && !recipe.image) {
    throw new InvalidArgumentError('size', `recipe '${recipe.name}' reads ${recipe.dataset} at its stored size; only folder-dataset recipes take a size`);
  }
  const image = recipe.image ? { size: options.size ?? recipe.image.size, crop: recipe.image.crop ?? false } : null;
  const config: TrainConfigInput = {
    ...recipe.config,
    dataset: {
      name: recipe.dataset,
      ...(options.dataDir ? { dir: options.dataDir } : {}),
      ...(image ? { options: { size: [image.size[0], image.size[1]], crop: image.crop } } : {}),
    },
    ...(options.outDir ? { outDir: options.outDir } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.microBatchSize !== undefined ? { microBatchSize: options.microBatchSize } : {}),
  };
  if (options.epochs !== undefined) {
    config.epochs = options.epochs;
    if (config.pretrain) config.pretrain = { ...config.pretrain, epochs: Math.min(config.pretrain.epochs, options.epochs) };
  }
  const low = config.lowResolution;
  if (options.size && recipe.image && low) {
    const from = recipe.image.size;
    config.lowResolution = {
      ...low,
      ...(low.size ? { size: scaledSize(low.size, from, options.size) } : {}),
      ...(Array.isArray(low.restore) ? { restore: scaledSize(low.restore as [number, number], from, options.size) } : {}),
    };
  }
  const classifier = withOptions(config.classifier, options.classifierOptions);
  if (classifier) config.classifier = classifier;
  const sr = withOptions(config.sr, options.srOptions);
  if (sr) config.sr = sr;
  return config;
}

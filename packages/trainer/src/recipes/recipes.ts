import { UnknownPluginError } from '@lowres/core';
import type { TrainConfigInput } from '../config/train-config';
import { closestName } from '@lowres/core';
import { bagnetTinyImagenet } from './bagnet-recipe';
import { hfSrCifar10 } from './hf-sr-recipe';
import { lrnetFashionMnist, lrnetMnist, lrnetOracleMnist } from './lrnet-recipes';
import { racnnCub } from './racnn-recipe';
import type { Recipe } from './recipe';

/** Every published protocol `lowres reproduce` knows, by name. */
export const RECIPES = {
  'lrnet-mnist': lrnetMnist,
  'lrnet-fashion-mnist': lrnetFashionMnist,
  'lrnet-oracle-mnist': lrnetOracleMnist,
  'bagnet-tiny-imagenet': bagnetTinyImagenet,
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
}

/** A recipe's training config with `dataset`, `outDir` and any shrinking applied. */
export function recipeConfig(recipe: Recipe, options: RecipeShrink & { outDir?: string; dataDir?: string } = {}): TrainConfigInput {
  const config: TrainConfigInput = {
    ...recipe.config,
    dataset: { name: recipe.dataset, ...(options.dataDir ? { dir: options.dataDir } : {}) },
    ...(options.outDir ? { outDir: options.outDir } : {}),
  };
  if (options.epochs !== undefined) {
    config.epochs = options.epochs;
    if (config.pretrain) config.pretrain = { ...config.pretrain, epochs: Math.min(config.pretrain.epochs, options.epochs) };
  }
  return config;
}

import { InvalidArgumentError, initBackend } from '@lowres/core';
import { type Registry, RecipeUnavailableError, RECIPES, findRecipe, recipeNames, reproduce } from '@lowres/trainer';
import type { CliIO } from '../cli-io';
import { readNumericFlags } from '../flags';
import { runStoppable, shellQuote } from '../graceful-stop';
import { loadImageData } from '../load-data';

type Values = Record<string, string | boolean | string[] | undefined>;

const percent = (value: number) => `${(value * 100).toFixed(2)} %`;

function listRecipes(io: CliIO): number {
  const lines = ['Recipes (lowres reproduce <name>):'];
  for (const name of recipeNames()) {
    const recipe = RECIPES[name];
    const metric = recipe.metric === 'accuracy' ? 'accuracy' : 'mean per-class accuracy';
    lines.push(`  ${name.padEnd(22)} ${recipe.title}`);
    lines.push(`  ${''.padEnd(22)} dataset ${recipe.dataset}; paper: ${percent(recipe.paper.value)} ${metric}${recipe.unavailable ? '; not runnable from the CLI yet' : ''}`);
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** `lowres reproduce <recipe>`: a paper's protocol as a resumable run, compared with the published figure. */
export async function reproduceCommand(values: Values, positionals: readonly string[], registry: Registry, io: CliIO): Promise<number> {
  if (values.list === true) return listRecipes(io);
  if (positionals.length !== 1) {
    throw new InvalidArgumentError('recipe', `expected one recipe name (see lowres reproduce --list), got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  }
  const recipe = findRecipe(positionals[0]!);
  if (recipe.unavailable) throw new RecipeUnavailableError(recipe.name, recipe.unavailable);
  const flags = readNumericFlags(values);
  const outDir = typeof values.out === 'string' ? values.out : `runs/${recipe.name}`;
  const dataDir = values['data-dir'] as string | undefined;
  const backend = await initBackend(values.backend as never);
  const data = await loadImageData({ dataset: recipe.dataset, dataDir, limit: flags.limit, testLimit: flags.limit });
  const shrink = [
    ...(flags.epochs !== undefined ? ['--epochs', String(flags.epochs)] : []),
    ...(flags.limit !== undefined ? ['--limit', String(flags.limit)] : []),
    ...(dataDir !== undefined ? ['--data-dir', shellQuote(dataDir)] : []),
  ];
  const resumeCommand = ['lowres reproduce', recipe.name, '--out', shellQuote(outDir), '--resume', ...shrink].join(' ');
  return runStoppable(io, resumeCommand, async (signal) => {
    const { record } = await reproduce(recipe, {
      data,
      registry,
      outDir,
      backend,
      resume: values.resume === true,
      progress: io.stdout,
      signal,
      ...(dataDir !== undefined ? { dataDir } : {}),
      ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
      ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
    });
    const ours = record.ours === null ? 'n/a' : percent(record.ours);
    io.stdout.write(
      `${recipe.name}: ours ${ours}, paper ${percent(record.paper.value)}${record.shrunk ? ' (shrunk run: not comparable)' : ''}; ${record.wallSeconds.toFixed(1)} s on ${backend}\n`,
    );
    io.stdout.write(`run directory: ${outDir} (report.md, reproduction.json, checkpoints/)\n`);
    return 0;
  });
}

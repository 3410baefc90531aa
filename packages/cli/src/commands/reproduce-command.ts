import { InvalidArgumentError } from '@lowres/core';
import { type Registry, RecipeUnavailableError, prepareTraining } from '@lowres/trainer';
import { RECIPES, type RecipeShrink, findRecipe, recipeConfig, recipeNames } from '../recipes/recipes';
import { reproduce } from '../recipes/reproduce';
import { readRecordedRuns, summariseReproductions } from '../recipes/reproduction-summary';
import { recordBackendOnStart, startBackend } from '../backend-session';
import type { CliIO } from '../cli-io';
import { readNumericFlags } from '../flags';
import { runStoppable, shellQuote } from '../graceful-stop';
import { folderOptions } from '../folder-options';
import { checkDataRequest, loadImageData } from '../load-data';
import { parseKeyValues } from '../parse-args';
import { warnTo } from './train-command';

type Values = Record<string, string | boolean | string[] | undefined>;

const percent = (value: number) => `${(value * 100).toFixed(2)} %`;

function listRecipes(io: CliIO): number {
  const lines = ['Recipes (lowres reproduce <name>):'];
  for (const name of recipeNames()) {
    const recipe = RECIPES[name];
    const metric = recipe.metric === 'accuracy' ? 'accuracy' : 'mean per-class accuracy';
    lines.push(`  ${name.padEnd(28)} ${recipe.title}`);
    const image = recipe.image ? `; images ${recipe.image.size[0]}×${recipe.image.size[1]}${recipe.image.crop ? ' cropped to boxes' : ''}` : '';
    lines.push(`  ${''.padEnd(28)} dataset ${recipe.dataset}${image}; ${recipe.paper ? `paper: ${percent(recipe.paper.value)} ${metric}` : `${metric}, no published figure`}${recipe.unavailable ? '; not runnable from the CLI yet' : ''}`);
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** `lowres reproduce <recipe>`: a paper's protocol as a resumable run, compared with the published figure; `lowres reproduce summary <dir>...`: mean ± sd over its seeds. */
export async function reproduceCommand(values: Values, positionals: readonly string[], registry: Registry, io: CliIO): Promise<number> {
  if (values.list === true) return listRecipes(io);
  if (positionals[0] === 'summary') {
    io.stdout.write(summariseReproductions(await readRecordedRuns(positionals.slice(1))).markdown);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new InvalidArgumentError('recipe', `expected one recipe name (see lowres reproduce --list), got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  }
  const recipe = findRecipe(positionals[0]!);
  if (recipe.unavailable) throw new RecipeUnavailableError(recipe.name, recipe.unavailable);
  const flags = readNumericFlags(values);
  const outDir = typeof values.out === 'string' ? values.out : `runs/${recipe.name}`;
  const dataDir = values['data-dir'] as string | undefined;
  const classifierOptions = parseKeyValues('classifier-option', values['classifier-option'] as string[] | undefined);
  const srOptions = parseKeyValues('sr-option', values['sr-option'] as string[] | undefined);
  const shrinkOptions: RecipeShrink = {
    ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
    ...(flags.size !== undefined ? { size: flags.size } : {}),
    ...(Object.keys(classifierOptions).length > 0 ? { classifierOptions } : {}),
    ...(Object.keys(srOptions).length > 0 ? { srOptions } : {}),
  };
  const seed = flags.seed !== undefined ? { seed: flags.seed } : {};
  const microBatch = flags['micro-batch'] !== undefined ? { microBatchSize: flags['micro-batch'] } : {};
  // Parses the shrunk config and creates its plugins once, before any image is decoded; reproduce() trains them.
  const prepared = prepareTraining(recipeConfig(recipe, { ...shrinkOptions, ...seed, ...microBatch, outDir, ...(dataDir !== undefined ? { dataDir } : {}) }), registry);
  const { config } = prepared;
  const request = { dataset: recipe.dataset, dataDir, limit: flags.limit, testLimit: flags.limit, ...folderOptions(config.dataset?.options) };
  await checkDataRequest(request);
  const report = await startBackend(values, io);
  const backend = report.backend;
  const data = await loadImageData({ ...request, progress: io.stdout });
  const shrink = [
    ...(flags.seed !== undefined ? ['--seed', String(flags.seed)] : []),
    ...(flags['micro-batch'] !== undefined ? ['--micro-batch', String(flags['micro-batch'])] : []),
    ...(flags.epochs !== undefined ? ['--epochs', String(flags.epochs)] : []),
    ...(flags.limit !== undefined ? ['--limit', String(flags.limit)] : []),
    ...(flags.size !== undefined ? ['--size', `${flags.size[0]}x${flags.size[1]}`] : []),
    ...((values['classifier-option'] as string[] | undefined) ?? []).flatMap((entry) => ['--classifier-option', shellQuote(entry)]),
    ...((values['sr-option'] as string[] | undefined) ?? []).flatMap((entry) => ['--sr-option', shellQuote(entry)]),
    ...(dataDir !== undefined ? ['--data-dir', shellQuote(dataDir)] : []),
  ];
  const resumeCommand = ['lowres reproduce', recipe.name, '--out', shellQuote(outDir), '--resume', ...shrink].join(' ');
  return runStoppable(io, resumeCommand, async (signal) => {
    const { record, result } = await reproduce(recipe, {
      data,
      prepared,
      outDir,
      backend,
      resume: values.resume === true,
      overwrite: values.overwrite === true,
      progress: io.stdout,
      warn: warnTo(io),
      signal,
      callbacks: recordBackendOnStart(outDir, report),
      ...(dataDir !== undefined ? { dataDir } : {}),
      ...seed,
      ...microBatch,
      ...shrinkOptions,
    });
    result.pipeline.model.dispose();
    const ours = record.ours === null ? 'n/a' : percent(record.ours);
    io.stdout.write(
      `${recipe.name} (seed ${record.seed}): ours ${ours}, ${record.paper ? `paper ${percent(record.paper.value)}` : 'no published figure'}${record.shrunk ? ' (shrunk run: not comparable)' : ''}; ${record.wallSeconds.toFixed(1)} s on ${backend}\n`,
    );
    io.stdout.write(`run directory: ${outDir} (report.md, reproduction.json, checkpoints/)\n`);
    return 0;
  });
}

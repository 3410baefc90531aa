import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, backendReport } from '@lowres/core';
import { ConfigInvalidError, type Registry, pluginName, prepareTraining, train } from '@lowres/trainer';
import { recordBackendOnStart } from '../backend-session';
import type { CliIO } from '../cli-io';
import { readNumericFlags } from '../flags';
import { folderOptions } from '../folder-options';
import { checkDataRequest, loadImageData } from '../load-data';
import { runStoppable, shellQuote } from '../graceful-stop';
import { parseKeyValues } from '../parse-args';

type Values = Record<string, string | boolean | string[] | undefined>;

async function readConfigFile(file: string, flag: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigInvalidError(flag, `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ConfigInvalidError(flag, `${file} is not a JSON config object: ${(error as Error).message}`);
  }
}

/** Merges a config file (or a resumed run's config.json) with command-line flags; flags win. */
export async function buildTrainConfig(values: Values): Promise<Record<string, unknown>> {
  const flags = readNumericFlags(values);
  let raw: Record<string, unknown> = {};
  if (typeof values.config === 'string') raw = await readConfigFile(values.config, '--config');
  else if (values.resume && typeof values.out === 'string') raw = await readConfigFile(join(values.out, 'config.json'), '--resume');
  const config: Record<string, unknown> = { ...raw };
  const plugin = (flag: 'sr' | 'classifier') => {
    const options = parseKeyValues(`${flag}-option`, values[`${flag}-option`] as string[] | undefined);
    const name = typeof values[flag] === 'string' ? (values[flag] as string) : undefined;
    if (name === undefined && Object.keys(options).length === 0) return;
    const base = config[flag] === undefined ? undefined : pluginName(config[flag] as never);
    const resolved = name ?? base?.name;
    if (resolved === undefined) throw new ConfigInvalidError(flag, `--${flag}-option needs --${flag}`);
    config[flag] = { name: resolved, options: { ...(name === undefined ? base?.options : {}), ...options } };
  };
  plugin('sr');
  plugin('classifier');
  if (typeof values.mode === 'string') config.mode = values.mode;
  if (flags.epochs !== undefined) config.epochs = flags.epochs;
  if (flags.batch !== undefined) config.batchSize = flags.batch;
  if (flags['micro-batch'] !== undefined) config.microBatchSize = flags['micro-batch'];
  if (flags['bn-recalibration'] !== undefined) config.batchNormRecalibration = flags['bn-recalibration'];
  if (flags.seed !== undefined) config.seed = flags.seed;
  if (flags['validation-split'] !== undefined) config.validationSplit = flags['validation-split'];
  if (typeof values.optimizer === 'string' || flags.lr !== undefined) {
    const previous = (config.optimizer ?? {}) as Record<string, unknown>;
    config.optimizer = {
      ...previous,
      name: values.optimizer ?? previous.name ?? 'adam',
      learningRate: flags.lr ?? previous.learningRate ?? 1e-3,
    };
  }
  if (flags['checkpoint-every'] !== undefined) {
    config.checkpoint = { ...((config.checkpoint ?? {}) as object), everySteps: flags['checkpoint-every'] };
  }
  if (flags.degrade !== undefined && flags['degrade-size'] !== undefined) {
    throw new ConfigInvalidError('--degrade', 'give --degrade N or --degrade-size HxW, not both');
  }
  if (flags.degrade !== undefined) config.lowResolution = { factor: flags.degrade };
  if (flags['degrade-size'] !== undefined) config.lowResolution = { size: flags['degrade-size'] };
  if (typeof values.out === 'string') config.outDir = values.out;
  const datasetFlags = [values.dataset, values['data-dir'], flags.size, values.crop || undefined, flags.limit, flags['test-limit']];
  if (datasetFlags.some((value) => value !== undefined)) {
    const previous = (config.dataset ?? {}) as Record<string, unknown>;
    const previousOptions = (previous.options ?? {}) as Record<string, unknown>;
    // Limits are part of the run's definition: stored in config.json, so --resume keeps them.
    config.dataset = {
      ...previous,
      name: values.dataset ?? previous.name,
      ...(typeof values['data-dir'] === 'string' ? { dir: values['data-dir'] } : {}),
      options: { ...previousOptions, ...(flags.size !== undefined ? { size: flags.size } : {}), ...(values.crop === true ? { crop: true } : {}) },
      ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
      ...(flags['test-limit'] !== undefined ? { testLimit: flags['test-limit'] } : {}),
    };
  }
  return config;
}

/** Where the trainer's warnings go on the command line: stderr, prefixed. */
export function warnTo(io: CliIO): (message: string) => void {
  return (message) => io.stderr.write(`warning: ${message}\n`);
}

/** Says how the validation and test figures of a run with batch-norm re-estimation were measured. */
export function recalibrationNote(images: number): string {
  return `validation and test accuracy are measured with batch-norm statistics re-estimated from ${images} training images (as the saved model has them)`;
}

/** `lowres train`: validates everything (config, plugins, dataset) first, then trains. */
export async function trainCommand(values: Values, registry: Registry, io: CliIO): Promise<number> {
  if (values.resume === true && values.overwrite === true) throw new InvalidArgumentError('--overwrite', 'give --resume (continue the run) or --overwrite (replace it), not both');
  const raw = await buildTrainConfig(values);
  // Parsed and its plugins created once, here: train() takes them as they are.
  const run = prepareTraining(raw, registry);
  const { config } = run;
  if (!config.dataset) throw new ConfigInvalidError('dataset', 'pass --dataset <name|dir> or set "dataset" in the config file');
  const request = {
    dataset: config.dataset.name,
    dataDir: config.dataset.dir,
    limit: config.dataset.limit,
    testLimit: config.dataset.testLimit,
    ...folderOptions(config.dataset.options),
    progress: io.stdout,
  };
  await checkDataRequest(request);
  if (raw.epochs === undefined) io.stdout.write(`epochs: ${config.epochs} (the default; pass --epochs N)\n`);
  if (config.outDir === undefined) io.stdout.write('no --out given: the trained model and its report are not saved (pass --out <dir> to keep them)\n');
  const data = await loadImageData(request);
  const resumeCommand = `lowres train --out ${shellQuote(config.outDir ?? '<dir>')} --resume`;
  let result: Awaited<ReturnType<typeof train>> | undefined;
  const code = await runStoppable(io, resumeCommand, async (signal) => {
    const callbacks = recordBackendOnStart(config.outDir, backendReport());
    result = await train(run, { data, resume: values.resume === true, overwrite: values.overwrite === true, progress: io.stdout, signal, warn: warnTo(io), callbacks });
    return 0;
  });
  if (!result) return code;
  if (config.batchNormRecalibration > 0) io.stdout.write(`${recalibrationNote(config.batchNormRecalibration)}\n`);
  if (result.test) {
    io.stdout.write(
      `test accuracy ${(result.test.accuracy * 100).toFixed(2)} %  mean per-class ${(result.test.meanPerClassAccuracy * 100).toFixed(2)} %  loss ${result.test.loss.toFixed(4)}\n`,
    );
  }
  if (result.outDir) io.stdout.write(`run directory: ${result.outDir} (report.md, metrics.csv, checkpoints/)\n`);
  result.pipeline.model.dispose();
  return 0;
}

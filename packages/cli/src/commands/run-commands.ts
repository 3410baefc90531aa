import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetNotFoundError, InvalidArgumentError, ShapeMismatchError } from '@lowres/core';
import { measureThroughput } from '@lowres/engine';
import {
  type LoadedRun,
  type Registry,
  type TrainConfig,
  checkDataset,
  composePipeline,
  degradeDataset,
  evaluate,
  loadRun,
  samplesPng,
  scorePipelineSr,
  srSamples,
  writeReport,
} from '@lowres/trainer';
import type { ImageDataset } from '@lowres/datasets';
import { startBackend } from '../backend-session';
import type { CliIO } from '../cli-io';
import { readNumericFlags } from '../flags';
import { folderOptions } from '../folder-options';
import { loadImageSplit } from '../load-data';
import { parseKeyValues } from '../parse-args';
import { type ReproductionRecord, withReproductionSection } from '../recipes/reproduction-record';
import { warnTo } from './train-command';

type Values = Record<string, string | boolean | string[] | undefined>;

/** A run's test images as its pipeline saw them (degraded when it used the low-resolution protocol), and the originals. */
export function asTrained(config: TrainConfig, test: ImageDataset) {
  const original = checkDataset(test, 'test');
  return { input: config.lowResolution ? degradeDataset(original, config.lowResolution) : original, original };
}

/** {@link asTrained} for a loaded run; images of another size than the run was trained on throw ShapeMismatchError (and free the run's model). */
function asTrainedBy(run: LoadedRun, test: ImageDataset, dataset: string) {
  const { input, original } = asTrained(run.config, test);
  const expected = run.pipeline.model.inputs[0]!.shape.slice(1) as number[];
  const actual = [input.shape.height, input.shape.width, input.shape.channels];
  if (expected.join('x') !== actual.join('x')) {
    run.pipeline.model.dispose();
    throw new ShapeMismatchError(
      `--dataset ${dataset}: its images${run.config.lowResolution ? " (after the run's down-scaling)" : ''} do not fit the run's pipeline`,
      `[${expected.join(', ')}] (height, width, channels)`,
      actual,
    );
  }
  return { input, original };
}

/** The run's own test limit applies when it is scored on its own dataset (so `eval` reproduces the report). */
function testLimit(run: LoadedRun, dataset: string, limit: number | undefined): number | undefined {
  if (limit !== undefined) return limit;
  return run.config.dataset?.name === dataset ? (run.config.dataset.testLimit ?? run.config.dataset.limit) : undefined;
}

/** The string value of a required flag; InvalidArgumentError names the flag when it is missing. */
export function required(values: Values, flag: string): string {
  const value = values[flag];
  if (typeof value !== 'string' || value === '') throw new InvalidArgumentError(`--${flag}`, 'is required');
  return value;
}

/** `lowres eval`: test-set accuracy of a trained run, and its SR front end's fidelity when it up-scales degraded images back to the originals' size. */
export async function evalCommand(values: Values, registry: Registry, io: CliIO): Promise<number> {
  const flags = readNumericFlags(values);
  const checkpoint = values.checkpoint as string | undefined;
  const run = await loadRun(required(values, 'run'), { registry, warn: warnTo(io), ...(checkpoint !== undefined ? { checkpoint } : {}) });
  const dataset = required(values, 'dataset');
  const limit = testLimit(run, dataset, flags.limit);
  const test = await loadImageSplit(
    {
      dataset,
      dataDir: values['data-dir'] as string | undefined,
      limit,
      // A folder dataset is decoded as the run was trained on it.
      ...folderOptions(run.config.dataset?.options),
    },
    'test',
  );
  const { input, original } = asTrainedBy(run, test, dataset);
  const batchSize = flags.batch ?? run.config.batchSize;
  const result = await evaluate(run.pipeline.model, input, { batchSize, classes: run.pipeline.classes });
  // A run that degraded its data and up-scales it back is scored on restoring the originals too.
  const srQuality = run.config.lowResolution ? scorePipelineSr(run.pipeline, input, original, batchSize, run.config.pretrain !== undefined) : null;
  run.pipeline.model.dispose();
  io.stdout.write(
    `${JSON.stringify({
      checkpoint: run.checkpoint,
      examples: result.labels.length,
      loss: result.loss,
      accuracy: result.accuracy,
      meanPerClassAccuracy: result.meanPerClassAccuracy,
      ...(srQuality ? { sr: srQuality } : {}),
    })}\n`,
  );
  return 0;
}

/** `lowres upscale`: a PNG of input | bicubic | SR rows from a trained run's front end. */
export async function upscaleCommand(values: Values, registry: Registry, io: CliIO): Promise<number> {
  const flags = readNumericFlags(values);
  const out = required(values, 'out');
  const run = await loadRun(required(values, 'run'), { registry, warn: warnTo(io) });
  const dataset = required(values, 'dataset');
  const test = await loadImageSplit(
    {
      dataset,
      dataDir: values['data-dir'] as string | undefined,
      limit: flags.count ?? 8,
      // A folder dataset is decoded as the run was trained on it.
      ...folderOptions(run.config.dataset?.options),
    },
    'test',
  );
  const { input, original } = asTrainedBy(run, test, dataset);
  const rows = srSamples(run.pipeline, input, flags.count ?? 8, run.config.lowResolution ? original : undefined);
  run.pipeline.model.dispose();
  await writeFile(out, samplesPng(rows));
  io.stdout.write(`wrote ${rows.length} rows (input | bicubic | SR${run.config.lowResolution ? ' | HR' : ''}) to ${out}\n`);
  return 0;
}

/** `lowres report`: rewrites report.md and plots from a run directory's logs (with its comparison with the paper for a `lowres reproduce` run). */
export async function reportCommand(values: Values, io: CliIO): Promise<number> {
  const runDir = required(values, 'run');
  if (!existsSync(join(runDir, 'metrics.jsonl'))) {
    throw new DatasetNotFoundError(join(runDir, 'metrics.jsonl'), `--run ${runDir} is not a lowres run directory with a finished epoch`);
  }
  const file = await writeReport(runDir);
  const reproduction = await readFile(join(runDir, 'reproduction.json'), 'utf8').catch(() => null);
  if (reproduction !== null) await writeFile(file, withReproductionSection(await readFile(file, 'utf8'), JSON.parse(reproduction) as ReproductionRecord));
  io.stdout.write(`wrote ${file}\n`);
  return 0;
}

/** `lowres bench`: training or inference throughput of a composed pipeline. */
export async function benchCommand(values: Values, registry: Registry, io: CliIO): Promise<number> {
  const flags = readNumericFlags(values);
  const input = required(values, 'input').split('x').map(Number);
  if (input.length !== 3 || input.some((size) => !Number.isInteger(size) || size <= 0)) {
    throw new InvalidArgumentError('--input', `expected HxWxC, got '${values.input}'`);
  }
  const mode = (values.mode ?? 'train') as string;
  if (mode !== 'train' && mode !== 'infer') throw new InvalidArgumentError('--mode', `expected train or infer, got '${mode}'`);
  const { backend, device } = await startBackend(values, io);
  const classes = flags.classes ?? 10;
  const sr = registry.createSr((values.sr as string | undefined) ?? 'none', parseKeyValues('sr-option', values['sr-option'] as string[] | undefined));
  const classifier = registry.createClassifier(required(values, 'classifier'), parseKeyValues('classifier-option', values['classifier-option'] as string[] | undefined));
  const [height, width, channels] = input as [number, number, number];
  const pipeline = composePipeline({ sr, classifier, input: { height, width, channels }, classes });
  const result = await measureThroughput(pipeline.model, {
    batch: flags.batch ?? 32,
    inputShape: [height, width, channels],
    classes,
    steps: flags.steps ?? 10,
    warmup: flags.warmup ?? 2,
    mode,
  });
  io.stdout.write(`${JSON.stringify({ sr: sr.name, classifier: classifier.name, input, ...result, backend, device })}\n`);
  pipeline.model.dispose();
  return 0;
}

import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { createRegistry, identitySr } from '@lowres/trainer';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyValues } from './parse-args';
import { writeIdxFixture } from './test-support/idx-fixture';
import { type CapturedRun, FORCED_CPU_REPORT, runCapturedCli } from './test-support/captured-cli';

/** A registry with one small classifier, so CLI runs take a fraction of a second. */
const registry = createRegistry({
  sr: { none: identitySr },
  classifiers: {
    small: {
      description: 'conv + dense test classifier',
      create: () => ({
        kind: 'classifier' as const,
        name: 'small',
        build(input, classes) {
          const image = tf.input({ shape: [input.height, input.width, input.channels] });
          const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }).apply(image) as tf.SymbolicTensor;
          const flat = tf.layers.flatten().apply(conv) as tf.SymbolicTensor;
          const out = tf.layers.dense({ units: classes, activation: 'softmax' }).apply(flat) as tf.SymbolicTensor;
          return tf.model({ inputs: image, outputs: out });
        },
      }),
    },
  },
});

let root = '';
let data = '';
beforeAll(async () => {
  process.env.LOWRES_BACKEND = 'cpu';
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-cli-'));
  data = join(root, 'data');
  await (await import('node:fs/promises')).mkdir(data);
  await writeIdxFixture(data, 40, 12);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function cli(argv: string[]): Promise<CapturedRun> {
  return runCapturedCli(argv, { registry });
}

describe('lowres CLI', () => {
  it('list shows registered plugins and catalogue datasets', async () => {
    const { code, stdout } = await cli(['list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/SR front ends:\n {2}none/);
    expect(stdout).toMatch(/Classifiers:\n {2}small {14}conv \+ dense test classifier/);
    expect(stdout).toMatch(/fashion-mnist/);
  });

  it('train runs on an IDX folder, writes the run directory, and eval/report read it back', async () => {
    const out = join(root, 'run');
    const train = await cli(['train', '--classifier', 'small', '--dataset', data, '--epochs', '2', '--batch', '8', '--seed', '3', '--lr', '0.01', '--out', out]);
    expect(train.stderr).toBe('');
    expect(train.backend).toBe(FORCED_CPU_REPORT);
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/\[classifier\] epoch 2 {2}loss/);
    expect(train.stdout).toMatch(/test accuracy \d+\.\d\d %/);
    expect(await readdir(out)).toEqual(expect.arrayContaining(['backend.json', 'config.json', 'metrics.csv', 'metrics.jsonl', 'report.md', 'checkpoints']));
    expect(JSON.parse(await readFile(join(out, 'backend.json'), 'utf8'))).toEqual([
      expect.objectContaining({ at: expect.any(String), backend: 'cpu', device: 'cpu', reason: expect.stringMatching(/^forced;/), skipped: [] }),
    ]);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ classifier: { name: 'small' }, epochs: 2, batchSize: 8, seed: 3, optimizer: { name: 'adam', learningRate: 0.01 } });

    const evaluation = await cli(['eval', '--run', out, '--dataset', data]);
    expect(evaluation.code).toBe(0);
    const stored = JSON.parse(await readFile(join(out, 'test-metrics.json'), 'utf8'));
    expect(JSON.parse(evaluation.stdout).accuracy).toBeCloseTo(stored.accuracy, 10);

    const report = await cli(['report', '--run', out]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('report.md');

    const samples = join(root, 'samples.png');
    const upscale = await cli(['upscale', '--run', out, '--dataset', data, '--out', samples, '--count', '2']);
    expect(upscale.code).toBe(0);
    expect((await readFile(samples)).subarray(1, 4).toString()).toBe('PNG');

    // eval and upscale decode only the test split: a folder without the training files serves them.
    const testOnly = join(root, 'test-only');
    await mkdir(testOnly);
    for (const file of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) await copyFile(join(data, file), join(testOnly, file));
    const testOnlyEvaluation = await cli(['eval', '--run', out, '--dataset', testOnly]);
    expect(testOnlyEvaluation.stderr).toBe('');
    expect(JSON.parse(testOnlyEvaluation.stdout).accuracy).toBeCloseTo(stored.accuracy, 10);
    expect((await cli(['upscale', '--run', out, '--dataset', testOnly, '--out', join(root, 'test-only.png'), '--count', '2'])).code).toBe(0);

    // --checkpoint evaluates other weights: the last epoch's step checkpoint holds the final weights here.
    const atStep = await cli(['eval', '--run', out, '--dataset', data, '--checkpoint', 'phase00-step000000010']);
    expect(atStep.code).toBe(0);
    expect(JSON.parse(atStep.stdout)).toMatchObject({ checkpoint: join(out, 'checkpoints', 'phase00-step000000010') });
    expect(JSON.parse(atStep.stdout).accuracy).toBeCloseTo(stored.accuracy, 10);
    expect(JSON.parse((await cli(['eval', '--run', out, '--dataset', data, '--checkpoint', 'latest'])).stdout).checkpoint).toBe(
      join(out, 'checkpoints', 'phase00-step000000010'),
    );
    expect(JSON.parse((await cli(['eval', '--run', out, '--dataset', data, '--checkpoint', 'final'])).stdout).checkpoint).toBe(join(out, 'checkpoints', 'final'));
    const missing = await cli(['eval', '--run', out, '--dataset', data, '--checkpoint', 'phase00-step000000099']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/phase00-step000000099.*expected 'final', 'best', 'latest' or a step checkpoint's directory name/);
    expect((await cli(['eval', '--run', out, '--dataset', data, '--checkpoint', '../config.json'])).code).not.toBe(0);

    // --resume reads the run's config.json; with more epochs it continues after the last one.
    const resumed = await cli(['train', '--out', out, '--resume', '--epochs', '3']);
    expect(resumed.stderr).toBe('');
    expect(resumed.backend).toBe(FORCED_CPU_REPORT);
    expect(resumed.stdout).toMatch(/\[classifier\] epoch 3 /);
    expect(resumed.stdout).not.toMatch(/epoch 1 /);
    expect(resumed.stdout).toMatch(/resumed from .*phase00-step000000010/);
    expect((await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(3);
    // Each invocation that trained the run adds its backend report.
    expect(JSON.parse(await readFile(join(out, 'backend.json'), 'utf8'))).toHaveLength(2);
  });

  it('bench measures a composed pipeline', async () => {
    const { code, stdout, stderr, backend } = await cli(['bench', '--classifier', 'small', '--input', '8x8x1', '--batch', '4', '--steps', '1', '--warmup', '0', '--backend', 'cpu']);
    expect(stderr).toBe('');
    expect(backend).toBe(FORCED_CPU_REPORT);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ sr: 'none', classifier: 'small', backend: 'cpu', device: 'cpu', mode: 'train', batch: 4 });
  });

  it('reads a JSON config file, with flags overriding it', async () => {
    const file = join(root, 'config.json');
    await writeFile(file, JSON.stringify({ classifier: 'small', epochs: 5, batchSize: 20, dataset: { name: data } }));
    const out = join(root, 'from-config');
    const { code } = await cli(['train', '--config', file, '--epochs', '1', '--out', out]);
    expect(code).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'config.json'), 'utf8'))).toMatchObject({ epochs: 1, batchSize: 20 });
  });

  describe('bad configurations fail before training, naming the field', () => {
    const failing = async (argv: string[], pattern: RegExp) => {
      const out = join(root, `bad-${Math.random().toString(36).slice(2)}`);
      const { code, stderr, stdout } = await cli([...argv, '--out', out]);
      expect(code).toBe(2);
      expect(stderr).toMatch(pattern);
      expect(stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    };
    it('unknown plugin', () => failing(['train', '--classifier', 'smal', '--dataset', data], /UNKNOWN_PLUGIN.*Unknown classifier 'smal'.*Did you mean 'small'/));
    it('wrong flag type', () => failing(['train', '--classifier', 'small', '--dataset', data, '--epochs', 'ten'], /--epochs.*integer/));
    it('wrong type in a config file', async () => {
      const file = join(root, 'bad.json');
      await writeFile(file, JSON.stringify({ classifier: 'small', validationSplit: 'half' }));
      await failing(['train', '--config', file, '--dataset', data], /CONFIG_INVALID.*'validationSplit'/);
    });
    it('missing dataset folder', () => failing(['train', '--classifier', 'small', '--dataset', join(root, 'nowhere/')], /DATASET_NOT_FOUND.*nowhere/));
    it('unknown flag or command', async () => {
      await failing(['train', '--classifer', 'small'], /classifer/);
      const { code, stderr } = await cli(['trian']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/unknown command 'trian'/);
    });
  });
});

describe('parseKeyValues', () => {
  it('converts numbers and booleans and rejects malformed entries', () => {
    expect(parseKeyValues('sr-option', ['scale=2', 'residual=false', 'init=gaussian'])).toEqual({ scale: 2, residual: false, init: 'gaussian' });
    expect(() => parseKeyValues('sr-option', ['scale'])).toThrow(/--sr-option.*key=value/);
  });
});

import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCubFixture, writeTinyImageNetFixture } from '../test-support/folder-fixtures';
import { type CapturedRun, FORCED_CPU_REPORT, runCapturedCli } from '../test-support/captured-cli';

let root = '';
let cub = '';
let tiny = '';
beforeAll(async () => {
  process.env.LOWRES_BACKEND = 'cpu';
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-reproduce-folders-'));
  cub = await writeCubFixture(join(root, 'cub'));
  await mkdir(join(root, 'tiny'));
  tiny = await writeTinyImageNetFixture(join(root, 'tiny'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function cli(argv: string[]): Promise<CapturedRun> {
  return runCapturedCli(argv, {}, (run) => expectNoTensorLeaks(run, `lowres ${argv.slice(0, 2).join(' ')}`));
}

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

describe('lowres reproduce on folder datasets', () => {
  // AlexNet's convolutions have fixed widths; 12×12 (its smallest input with smallInput) keeps the cpu run to seconds.
  it('racnn-cub: box crop, 12×12 originals degraded to 3×3 and restored, p-RACNN + AlexNet, mean per-class accuracy', async () => {
    const out = join(root, 'racnn-cub');
    const alexnet = ['--classifier-option', 'smallInput=true', '--classifier-option', 'hiddenUnits=16'];
    const run = await cli(['reproduce', 'racnn-cub', '--data-dir', cub, '--epochs', '1', '--limit', '8', '--size', '12x12', ...alexnet, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.backend).toBe(FORCED_CPU_REPORT);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('decoding cub-200-2011 train: 8/8 images (12×12×3)');
    expect(run.stdout).toContain('decoding cub-200-2011 test: 8/8 images (12×12×3)');
    expect(run.stdout).toMatch(/racnn-cub \(seed \d+\): ours \d+\.\d\d %, paper 51\.23 % \(shrunk run: not comparable\)/);

    const config = await readJson(join(out, 'config.json'));
    expect(config).toMatchObject({
      mode: 'end-to-end',
      sr: { name: 'racnn' },
      classifier: { name: 'alexnet', options: { smallInput: true, hiddenUnits: 16 } },
      dataset: { name: 'cub-200-2011', dir: cub, options: { size: [12, 12], crop: true } },
      // 50 × 12 / 227 rounds to 3: the 50→227 protocol scaled to the shrunk size.
      lowResolution: { size: [3, 3], restore: true },
      epochs: 1,
      pretrain: { epochs: 1 },
    });
    expect((await readJson(join(out, 'pipeline.json'))).input).toEqual({ height: 12, width: 12, channels: 3 });
    const metrics = await readJson(join(out, 'test-metrics.json'));
    expect(metrics.examples).toBe(8);
    const record = await readJson(join(out, 'reproduction.json'));
    expect(record).toMatchObject({
      recipe: 'racnn-cub',
      dataset: 'cub-200-2011',
      metric: 'mean-per-class-accuracy',
      status: 'finished',
      shrunk: { epochs: 1, limit: 8, size: [12, 12], classifierOptions: { smallInput: true, hiddenUnits: 16 } },
    });
    expect(record.ours).toBeCloseTo(metrics.meanPerClassAccuracy, 12);
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/\| mean per-class accuracy \(test\) \| \d+\.\d\d % \| 51\.23 % \|/);
    expect(report).toMatch(/shrunk for a quick check\*\* \(1 epoch\(s\), the first 8 images of each split, images at 12×12/);
    // SR pre-training ran as its own phase before end-to-end training.
    expect((await readdir(join(out, 'checkpoints'))).some((name) => name.startsWith('phase00-'))).toBe(true);
    expect((await readdir(join(out, 'checkpoints'))).some((name) => name.startsWith('phase01-'))).toBe(true);
  });

  it('bagnet-tiny-imagenet: BagNet-33 at 36×36 with a narrow width, tested on the validation split', async () => {
    const out = join(root, 'bagnet');
    const options = ['--size', '36x36', '--classifier-option', 'width=0.0625'];
    const run = await cli(['reproduce', 'bagnet-tiny-imagenet', '--data-dir', tiny, '--epochs', '1', '--limit', '8', ...options, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.backend).toBe(FORCED_CPU_REPORT);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('decoding tiny-imagenet validation: 6/6 images (36×36×3)');
    expect(run.stdout).toMatch(/bagnet-tiny-imagenet \(seed \d+\): ours \d+\.\d\d %, paper 44\.32 %/);
    expect((await readJson(join(out, 'pipeline.json'))).input).toEqual({ height: 36, width: 36, channels: 3 });
    const metrics = await readJson(join(out, 'test-metrics.json'));
    expect(metrics.examples).toBe(6);
    const record = await readJson(join(out, 'reproduction.json'));
    expect(record).toMatchObject({ recipe: 'bagnet-tiny-imagenet', metric: 'accuracy', status: 'finished', shrunk: { size: [36, 36] } });
    expect(record.ours).toBeCloseTo(metrics.accuracy, 12);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/\| test accuracy \| \d+\.\d\d % \| 44\.32 % \|/);
  });

  it('lowres train decodes a folder dataset at --size; eval decodes it again as the run was trained', async () => {
    const out = join(root, 'train-tiny');
    const flags = ['--classifier', 'bagnet9', '--classifier-option', 'width=0.0625', '--dataset', 'tiny-imagenet', '--data-dir', tiny, '--size', '16x16'];
    const run = await cli(['train', ...flags, '--epochs', '1', '--batch', '4', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.backend).toBe(FORCED_CPU_REPORT);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('decoding tiny-imagenet train: 9/9 images (16×16×3)');
    expect((await readJson(join(out, 'config.json'))).dataset).toEqual({ name: 'tiny-imagenet', dir: tiny, options: { size: [16, 16] } });
    const evaluation = await cli(['eval', '--run', out, '--dataset', 'tiny-imagenet', '--data-dir', tiny]);
    expect(evaluation.stderr).toBe('');
    expect(evaluation.backend).toBe(FORCED_CPU_REPORT);
    const stored = await readJson(join(out, 'test-metrics.json'));
    expect(JSON.parse(evaluation.stdout)).toMatchObject({ examples: 6, accuracy: stored.accuracy });
    // Batches of 64 here, of 4 in training: the float32 sums differ in the last digits only.
    expect(JSON.parse(evaluation.stdout).loss).toBeCloseTo(stored.loss, 5);
  });

  it('checks the shrunk config and the folder before decoding anything', async () => {
    const tooSmall = await cli(['reproduce', 'bagnet-tiny-imagenet', '--data-dir', tiny, '--size', '0x4']);
    expect(tooSmall.code).toBe(2);
    expect(tooSmall.stderr).toMatch(/--size expects HxW of positive integers/);
    const missing = await cli(['reproduce', 'racnn-cub', '--data-dir', join(root, 'nowhere'), '--out', join(root, 'never')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/DATASET_NOT_FOUND.*nowhere/);
    const badOption = await cli(['reproduce', 'racnn-cub', '--data-dir', cub, '--classifier-option', 'smallinput']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/--classifier-option.*key=value/);
    expect(missing.stdout + badOption.stdout).not.toMatch(/decoding/);
  });
});

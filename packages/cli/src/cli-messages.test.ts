import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from './parse-args';
import { type CapturedRun, runCapturedCli } from './test-support/captured-cli';
import { writeIdxFixture } from './test-support/idx-fixture';
import { runRegistry } from './test-support/run-plugins';

let root = '';
let data = '';
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-cli-messages-'));
  data = join(root, 'data');
  await mkdir(data);
  await writeIdxFixture(data, 32, 8);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const cli = (argv: string[]): Promise<CapturedRun> => runCapturedCli(argv, { registry: runRegistry });

describe('help', () => {
  it.each(COMMANDS.filter((command) => command !== 'help'))('%s --help shows that command and its flags', async (command) => {
    const { code, stdout, stderr } = await cli([command, '--help']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: lowres ${command}\\b`));
  });

  it('help train lists every train flag, --data-dir, --micro-batch and --bn-recalibration included', async () => {
    const { code, stdout } = await cli(['help', 'train']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: lowres train --classifier/);
    for (const flag of ['--data-dir', '--micro-batch', '--bn-recalibration', '--overwrite', '--resume']) expect(stdout).toContain(flag);
    expect((await cli(['help', 'trian'])).stderr).toMatch(/unknown command 'trian'/);
  });
});

describe('messages name what is wrong', () => {
  it('a missing --classifier says it is required', async () => {
    const { code, stderr } = await cli(['train', '--dataset', data]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/'classifier': is required \(pass --classifier <name>/);
    expect(stderr).not.toMatch(/Invalid input/);
  });

  it('a negative number is checked as a number, not taken for a flag', async () => {
    const { code, stderr } = await cli(['train', '--classifier', 'normed', '--dataset', data, '--epochs', '-1']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--epochs must be ≥ 1/);
  });

  it('a dataset typo has its own code and a suggestion', async () => {
    const { code, stderr } = await cli(['train', '--classifier', 'normed', '--dataset', 'fashion-mnst']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/error \[UNKNOWN_DATASET\]: Unknown dataset 'fashion-mnst'.*Did you mean 'fashion-mnist'/);
  });

  it('a folder in the working directory named like the dataset gets a ./ hint', async () => {
    const here = process.cwd();
    await mkdir(join(root, 'split'));
    process.chdir(root);
    try {
      const { code, stderr } = await cli(['train', '--classifier', 'normed', '--dataset', 'split']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/write --dataset \.\/split/);
    } finally {
      process.chdir(here);
    }
  });

  it('a recipe whose dataset is missing says how to give it on the command line', async () => {
    const empty = join(root, 'no-mnist');
    await mkdir(empty);
    const { code, stderr } = await runCapturedCli(['reproduce', 'lrnet-mnist', '--data-dir', empty, '--out', join(root, 'mnist-run')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/DATASET_NOT_FOUND.*--data-dir/);
    expect(stderr).not.toMatch(/download: true/);
  });

  it('an --out under a file, a missing run and images of another size are typed errors naming the path', async () => {
    await writeFile(join(root, 'a-file'), 'x');
    const underFile = await cli(['train', '--classifier', 'normed', '--dataset', data, '--epochs', '1', '--out', join(root, 'a-file', 'run')]);
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toMatch(new RegExp(`error \\[FILE_SYSTEM\\]: ${join(root, 'a-file', 'run')}.*not a directory \\(ENOTDIR\\)`));

    const missing = await cli(['report', '--run', join(root, 'nonexistent')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/DATASET_NOT_FOUND.*nonexistent.*not a lowres run directory/);

    const out = join(root, 'eight');
    expect((await cli(['train', '--classifier', 'normed', '--dataset', data, '--epochs', '1', '--out', out])).code).toBe(0);
    const larger = join(root, 'larger');
    await mkdir(larger);
    await writeIdxFixture(larger, 8, 8, 12);
    const evaluation = await cli(['eval', '--run', out, '--dataset', larger]);
    expect(evaluation.code).toBe(2);
    expect(evaluation.stderr).toMatch(/SHAPE_MISMATCH.*larger.*expected shape \[8, 8, 1\].*got \[12, 12, 1\]/);
  });
});

describe('batches that do not fit in memory', () => {
  it('--batch too large for the heap is a typed error suggesting --micro-batch, which then trains', async () => {
    const failed = await cli(['train', '--classifier', 'limited', '--dataset', data, '--epochs', '1', '--batch', '16']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/error \[OUT_OF_MEMORY\]: .*step 0 .*--micro-batch 8/);
    const out = join(root, 'micro');
    const fits = await cli(['train', '--classifier', 'limited', '--dataset', data, '--epochs', '1', '--batch', '16', '--micro-batch', '4', '--out', out]);
    expect(fits.code).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'config.json'), 'utf8'))).toMatchObject({ batchSize: 16, microBatchSize: 4 });
  });
});

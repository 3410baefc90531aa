import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { lockRunDirectory } from '@lowres/trainer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedRun, runCapturedCli } from './test-support/captured-cli';
import { writeIdxFixture } from './test-support/idx-fixture';
import { runRegistry } from './test-support/run-plugins';

let root = '';
let data = '';
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-cli-rundir-'));
  data = join(root, 'data');
  await mkdir(data);
  await writeIdxFixture(data, 40, 12);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const cli = (argv: string[]): Promise<CapturedRun> => runCapturedCli(argv, { registry: runRegistry });
const trainArgs = (out: string, ...extra: string[]) => ['train', '--classifier', 'normed', '--dataset', data, '--batch', '8', '--seed', '2', '--out', out, ...extra];
const lines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n');

describe('a run directory holds exactly the scored model', () => {
  it('eval reproduces the test figures of a run with batch-norm re-estimation exactly', async () => {
    const out = join(root, 'scored');
    const trained = await cli(trainArgs(out, '--epochs', '1', '--bn-recalibration', '16'));
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/batch-norm statistics re-estimated from 16 training images/);
    const stored = JSON.parse(await readFile(join(out, 'test-metrics.json'), 'utf8'));
    const evaluation = await cli(['eval', '--run', out, '--dataset', data]);
    expect(evaluation.code).toBe(0);
    const result = JSON.parse(evaluation.stdout);
    expect(result.checkpoint).toBe(join(out, 'checkpoints', 'final'));
    expect({ loss: result.loss, accuracy: result.accuracy, examples: result.examples }).toEqual({
      loss: stored.loss,
      accuracy: stored.accuracy,
      examples: stored.examples,
    });
  });
});

describe('no run is destroyed or mixed with another', () => {
  it('refuses a fresh run into a directory holding a run; --overwrite replaces it, --resume continues it', async () => {
    const out = join(root, 'reused');
    expect((await cli(trainArgs(out, '--epochs', '2'))).code).toBe(0);
    const before = await readdir(join(out, 'checkpoints'));
    const again = await cli(trainArgs(out, '--epochs', '1'));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/RUN_DIRECTORY_IN_USE.*already holds a run.*--resume.*--overwrite/);
    expect(await readdir(join(out, 'checkpoints'))).toEqual(before);
    expect(await lines(join(out, 'metrics.jsonl'))).toHaveLength(2);

    const replaced = await cli(trainArgs(out, '--epochs', '1', '--overwrite'));
    expect(replaced.code).toBe(0);
    // 40 images, batch 8: only the new run's epoch-end checkpoint (step 5), none of the old run's (step 10).
    expect(await readdir(join(out, 'checkpoints'))).toEqual(['final', 'phase00-step000000005']);
    expect(replaced.stdout).toContain(join(out, 'checkpoints', 'phase00-step000000005'));
    const resumed = await cli(['train', '--out', out, '--resume', '--epochs', '2']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/resumed from .*phase00-step000000005 at step 5/);
    expect((await cli(['train', '--out', out, '--resume', '--overwrite'])).stderr).toMatch(/--resume.*--overwrite.*not both/);
  });

  it('refuses a second run while another one writes the directory', async () => {
    const out = join(root, 'locked');
    await mkdir(out);
    const release = await lockRunDirectory(out);
    const second = await cli(trainArgs(out, '--epochs', '1'));
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`RUN_DIRECTORY_IN_USE.*being written by another run \\(process ${process.pid}`));
    expect(await readdir(out)).toEqual(['.lowres.lock']);
    await release();
    expect((await cli(trainArgs(out, '--epochs', '1'))).code).toBe(0);
  });

  it('keeps --limit and --test-limit in config.json, so --resume continues the same run', async () => {
    const out = join(root, 'limited');
    expect((await cli(trainArgs(out, '--epochs', '1', '--limit', '20', '--test-limit', '6'))).code).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'config.json'), 'utf8')).dataset).toMatchObject({ limit: 20, testLimit: 6 });
    expect((await cli(['train', '--out', out, '--resume', '--epochs', '2'])).code).toBe(0);
    // 20 images at batch 8: 3 steps an epoch (all 40 would take 5).
    expect(JSON.parse((await lines(join(out, 'metrics.jsonl')))[1]!).globalStep).toBe(6);
    expect(JSON.parse(await readFile(join(out, 'test-metrics.json'), 'utf8')).examples).toBe(6);
  });

  it('names the changed field when a moved run is resumed', async () => {
    const out = join(root, 'original');
    expect((await cli(trainArgs(out, '--epochs', '1'))).code).toBe(0);
    const moved = join(root, 'moved');
    await cp(out, moved, { recursive: true });
    const resumed = await cli(['train', '--out', moved, '--resume', '--epochs', '2']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/warning: resuming .* differs from the one it was written with in 'outDir'\n/);
  });

  it('skips a checkpoint whose manifest was altered and resumes from the previous one', async () => {
    const out = join(root, 'tampered');
    expect((await cli(trainArgs(out, '--epochs', '1', '--checkpoint-every', '2'))).code).toBe(0);
    const newest = join(out, 'checkpoints', 'phase00-step000000005', 'manifest.json');
    const manifest = JSON.parse(await readFile(newest, 'utf8'));
    manifest.arrays[1].offset += 4;
    await writeFile(newest, JSON.stringify(manifest));
    const resumed = await cli(['train', '--out', out, '--resume', '--epochs', '2']);
    expect(resumed.stderr).toMatch(/manifest\.json checksum mismatch.*falling back/);
    expect(resumed.stdout).toMatch(/resumed from .*phase00-step000000004 at step 4/);
  });
});

describe('what a run is made of is said and checked', () => {
  it('refuses plugin options the plugin does not take', async () => {
    const file = join(root, 'typo.json');
    await writeFile(file, JSON.stringify({ classifier: { name: 'normed', options: { widht: 8 } }, dataset: { name: data }, epochs: 1 }));
    const { code, stderr } = await cli(['train', '--config', file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/classifier 'normed' option 'widht': unknown option; 'normed' takes width\. Did you mean 'width'\?/);
  });

  it('says when nothing is saved and when epochs take their default', async () => {
    const { code, stdout } = await cli(['train', '--classifier', 'normed', '--dataset', data, '--limit', '8']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^epochs: 10 \(the default; pass --epochs N\)\n/);
    expect(stdout).toMatch(/no --out given: the trained model and its report are not saved/);
  });
});

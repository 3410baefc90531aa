import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from '@lowres/trainer';
import { defaultRegistry } from '../registry/default-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapturedCli } from '../test-support/captured-cli';
import { freePort } from '../test-support/redis-server';
import { expandGrids, parseSweepGrids } from '../sweep/sweep-grids';
import { SWEEP_RESULT_FILE, type SweepResult } from '../sweep/sweep-result';

const registry: Registry = defaultRegistry;
let dir = '';
let deadQueue = '';
beforeAll(async () => {
  process.env.LOWRES_BACKEND = 'cpu';
  dir = await mkdtemp(join(tmpdir(), 'lowres-sweep-command-'));
  deadQueue = `redis://127.0.0.1:${await freePort()}`;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cli = (argv: string[]) => runCapturedCli(argv, { registry });

describe('lowres sweep / worker arguments', () => {
  it('validates the whole grid before contacting Redis; errors name the grid field', async () => {
    const grid = join(dir, 'grid.json');
    await writeFile(grid, JSON.stringify({ classifier: ['lrnet', 'resnet81'], dataset: 'fashion-mnist-mini' }));
    const { code, stderr, stdout } = await cli(['sweep', grid, '--queue', deadQueue]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/CONFIG_INVALID.*'classifier\[1\]'.*Unknown classifier 'resnet81'.*resnet18/);
    expect(stdout).toBe('');
  });

  it('checks each dataset of the grid before enqueueing', async () => {
    const grid = join(dir, 'missing-data.yaml');
    await writeFile(grid, `classifier: lrnet\ndataset: ${join(dir, 'nowhere')}/\n`);
    const { code, stderr } = await cli(['sweep', grid, '--queue', deadQueue]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/DATASET_NOT_FOUND.*nowhere/);
  });

  it('says when no Redis answers instead of waiting forever', async () => {
    const grid = join(dir, 'good.json');
    await writeFile(grid, JSON.stringify({ classifier: 'lrnet', dataset: 'fashion-mnist-mini' }));
    for (const argv of [
      ['sweep', grid, '--queue', deadQueue],
      ['sweep', 'status', '--queue', deadQueue],
    ]) {
      const { code, stderr } = await cli(argv);
      expect(code).toBe(2);
      expect(stderr).toMatch(/INVALID_ARGUMENT.*--queue: no Redis server answered at redis:\/\/127\.0\.0\.1:\d+ within 5 s/);
    }
  }, 30_000);

  it('rejects missing or malformed flags, naming them', async () => {
    expect((await cli(['sweep'])).stderr).toMatch(/sweep: expected a grid file, status or report/);
    expect((await cli(['sweep', 'status', 'extra'])).stderr).toMatch(/unexpected argument 'extra'/);
    expect((await cli(['sweep', 'status'])).stderr).toMatch(/--queue: is required/);
    expect((await cli(['sweep', 'status', '--queue', 'localhost:6379'])).stderr).toMatch(/--queue: expected redis:\/\/host:port/);
    expect((await cli(['sweep', 'report'])).stderr).toMatch(/--runs: is required/);
    expect((await cli(['sweep', 'report', '--runs', join(dir, 'none')])).stderr).toMatch(/--runs: cannot read the run root .*none \(ENOENT\)/);
    expect((await cli(['sweep', join(dir, 'good.json'), '--queue', deadQueue, '--attempts', '0'])).stderr).toMatch(/--attempts must be ≥ 1/);
    expect((await cli(['worker', '--runs', dir])).stderr).toMatch(/--queue: is required/);
    expect((await cli(['worker', '--queue', deadQueue])).stderr).toMatch(/--runs: is required/);
    expect((await cli(['worker', '--queue', deadQueue, '--runs', dir, '--stall-seconds', '0'])).stderr).toMatch(/--stall-seconds must be ≥ 1/);
  });
});

describe('lowres sweep report --grid', () => {
  it("tables only the runs of that grid from a shared run root", async () => {
    const grid = join(dir, 'report-grid.json');
    const content = { classifier: 'lrnet', dataset: 'fashion-mnist-mini', seeds: [1, 2] };
    await writeFile(grid, JSON.stringify(content));
    const ids = expandGrids(parseSweepGrids(content), registry).map((run) => run.id);
    const runs = join(dir, 'shared-runs');
    for (const id of [ids[0]!, 'run-from-another-grid']) {
      await mkdir(join(runs, id), { recursive: true });
      const result: SweepResult = {
        id,
        origin: '',
        worker: 'host:1',
        sr: 'none',
        classifier: 'lrnet',
        dataset: 'fashion-mnist-mini',
        degradation: 'none',
        mode: 'classifier',
        seed: 1,
        accuracy: 0.5,
        meanPerClassAccuracy: 0.5,
        parameters: 1,
        flops: 1,
        trainSeconds: 1,
        resumedAtStep: 0,
      };
      await writeFile(join(runs, id, SWEEP_RESULT_FILE), JSON.stringify(result));
    }
    const out = join(dir, 'grid-report');
    const { code, stdout, stderr } = await cli(['sweep', 'report', '--runs', runs, '--grid', grid, '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1 finished runs of 2 in .*report-grid\.json; wrote/);
    const markdown = await readFile(join(out, 'leaderboard.md'), 'utf8');
    expect(markdown).toContain(`| ${ids[0]} |`);
    expect(markdown).not.toContain('run-from-another-grid');
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@lowres/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapturedCli } from '../test-support/captured-cli';
import type { ReproductionRecord } from './reproduction-record';
import { summariseReproductions } from './reproduction-summary';

const record = (seed: number, ours: number | null, changes: Partial<ReproductionRecord> = {}): ReproductionRecord => ({
  recipe: 'lrnet-fashion-mnist',
  title: 'LR-Net',
  dataset: 'fashion-mnist',
  metric: 'accuracy',
  status: ours === null ? 'interrupted' : 'finished',
  ours,
  paper: { value: 0.9503, source: 'paper' },
  differencePoints: null,
  seed,
  shrunk: null,
  microBatchSize: null,
  backend: 'native',
  hardware: { cpu: 'AMD EPYC', cores: 2, os: 'linux', node: 'v20' },
  progress: { epochsCompleted: 40, lastEpoch: null },
  wallSeconds: 7200,
  invocations: 2,
  machines: [{ cpu: 'AMD EPYC', cores: 2, backend: 'native', wallSeconds: 7200, invocations: 2 }],
  notes: [],
  finishedAt: null,
  ...changes,
});

describe('summariseReproductions', () => {
  it('gives the mean ± sample standard deviation of the finished, unshrunk runs (hand-computed)', () => {
    const summary = summariseReproductions([
      { dir: 'b', record: record(1, 0.94) },
      { dir: 'a', record: record(0, 0.95) },
      { dir: 'c', record: record(2, 0.93) },
      { dir: 'd', record: record(3, null) },
      { dir: 'e', record: record(4, 0.5, { shrunk: { epochs: 1 } }) },
    ]);
    expect(summary.counted).toBe(3);
    expect(summary.mean).toBeCloseTo(0.94, 12);
    // Deviations ±0.01 and 0: √((1e-4 + 1e-4) / 2) = 0.01.
    expect(summary.standardDeviation).toBeCloseTo(0.01, 12);
    expect(summary.markdown).toContain('- ours: 94.00 % ± 1.00 (mean ± sample standard deviation of the finished runs) (-1.03 points)');
    expect(summary.markdown).toContain('| 3 | (not finished) | interrupted | 40 | 2.00 h over 2 | native | d |');
    expect(summary.markdown).toContain('| 4 | 50.00 % | shrunk: not counted |');
    // Rows in seed order.
    expect(summary.markdown.indexOf('| 0 |')).toBeLessThan(summary.markdown.indexOf('| 1 |'));
  });

  it('has no deviation for one run and no mean for none finished', () => {
    expect(summariseReproductions([{ dir: 'a', record: record(0, 0.9) }])).toMatchObject({ counted: 1, mean: 0.9, standardDeviation: null });
    const none = summariseReproductions([{ dir: 'a', record: record(0, null) }]);
    expect(none).toMatchObject({ counted: 0, mean: null, standardDeviation: null });
    expect(none.markdown).toContain('no finished run yet');
  });

  it('marks micro-batched runs and refuses to average them with whole-batch runs, naming the directory', () => {
    const split = { microBatchSize: 64 };
    const summary = summariseReproductions([
      { dir: 'a', record: record(0, 0.92, split) },
      { dir: 'b', record: record(1, 0.9, split) },
    ]);
    expect(summary.markdown).toContain('| 0 | 92.00 % | finished (micro-batch 64) |');
    expect(summary.mean).toBeCloseTo(0.91, 12);
    const mixed = () => summariseReproductions([{ dir: 'a', record: record(0, 0.92, split) }, { dir: 'whole', record: record(1, 0.9) }]);
    expect(mixed).toThrow(InvalidArgumentError);
    expect(mixed).toThrow(/whole: ran on whole batches, a on micro-batches of 64/);
  });

  it('rejects runs of different recipes, naming the directory', () => {
    expect(() => summariseReproductions([{ dir: 'a', record: record(0, 0.9) }, { dir: 'x', record: record(1, 0.9, { recipe: 'vgg16-fashion-mnist' }) }])).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('lowres reproduce summary', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lowres-summary-'));
    for (const [seed, ours] of [
      [0, 0.95],
      [1, 0.93],
    ] as const) {
      await mkdir(join(root, `seed${seed}`));
      await writeFile(join(root, `seed${seed}`, 'reproduction.json'), JSON.stringify(record(seed, ours)));
    }
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('prints the table of the given run directories', async () => {
    const { code, stdout, stderr } = await runCapturedCli(['reproduce', 'summary', join(root, 'seed0'), join(root, 'seed1')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('`lrnet-fashion-mnist`: 2 of 2 run(s) counted');
    expect(stdout).toContain('- ours: 94.00 % ± 1.41');
  });

  it('names a directory without reproduction.json', async () => {
    const { code, stderr } = await runCapturedCli(['reproduce', 'summary', join(root, 'seed0'), join(root, 'missing')]);
    expect(code).not.toBe(0);
    expect(stderr).toContain(join(root, 'missing', 'reproduction.json'));
  });
});

import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main';

describe('lrnet-fashion-mnist example', () => {
  let out: string;
  let result: Awaited<ReturnType<typeof main>>;
  const lines: string[] = [];

  beforeAll(async () => {
    await initBackend('cpu');
    out = await mkdtemp(join(tmpdir(), 'lowres-lrnet-example-'));
    result = await expectNoTensorLeaks(() => main(['--', '--tiny', '--backend', 'cpu', '--out', out], (line) => lines.push(line)), 'tiny LR-Net run');
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it("hands the trainer the paper's recipe on the embedded mini set", () => {
    expect(result.config).toMatchObject({
      mode: 'classifier',
      sr: 'none',
      classifier: { name: 'lrnet' },
      dataset: { name: 'fashion-mnist-mini', limit: 16, testLimit: 8 },
      batchSize: 12,
      optimizer: { name: 'adam', learningRate: 1e-3 },
      earlyStopping: { monitor: 'val_loss', patience: 1, minDelta: 0, restoreBest: true },
      validationSplit: 0.25,
    });
  });

  it('trains, validates every epoch and scores the test set', () => {
    expect(result.history.length).toBeGreaterThanOrEqual(1);
    expect(result.history.length).toBeLessThanOrEqual(2);
    for (const record of result.history) {
      expect(Number.isFinite(record.loss)).toBe(true);
      expect(record.val_loss).toBeGreaterThan(0);
    }
    const best = Math.min(...result.history.map((record) => record.val_loss!));
    expect(result.history[result.bestEpoch - 1]!.val_loss).toBe(best);
    // 8 test images: accuracy is a whole number of eighths.
    expect(result.test.accuracy * 8).toBeCloseTo(Math.round(result.test.accuracy * 8), 10);
  });

  it('prints one line per epoch and the summary table', () => {
    expect(lines.filter((line) => line.startsWith('[classifier] epoch'))).toHaveLength(result.history.length);
    expect(lines.some((line) => /\| test accuracy\s+\|/.test(line))).toBe(true);
  });

  it('leaves a complete run folder: config, logs, best checkpoint and confusion matrix', async () => {
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config.earlyStopping.restoreBest).toBe(true);
    await expect(access(join(out, 'metrics.csv'))).resolves.toBeUndefined();
    await expect(access(join(out, 'checkpoints', 'best', 'manifest.json'))).resolves.toBeUndefined();
    const svg = await readFile(join(out, 'test-confusion.svg'), 'utf8');
    expect(svg).toContain('Ankle boot');
  });

  it('names the field of a bad flag before training', async () => {
    await expect(main(['--epochs', 'many', '--out', out])).rejects.toThrow(/epochs/);
    await expect(main(['--epoch', '3'])).rejects.toThrow(/--epoch/);
  });
});

import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALPHAS, main } from './main';

describe('hf-weighted-sr example', () => {
  let out: string;
  let result: Awaited<ReturnType<typeof main>>;

  beforeAll(async () => {
    await initBackend('cpu');
    out = await mkdtemp(join(tmpdir(), 'lowres-hf-example-'));
    result = await expectNoTensorLeaks(() => main(['--tiny', '--backend', 'cpu', '--out', out], () => {}), 'tiny α sweep');
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('scores bicubic, one WDSR-A per α and the HR reference', () => {
    expect(result.rows.map((row) => row.method)).toEqual(['bicubic', 'WDSR-A α=0', 'WDSR-A α=1/7', 'WDSR-A α=1/5', 'WDSR-A α=1/3', 'HR (reference)']);
    expect(result.rows.map((row) => row.alpha)).toEqual([null, ...ALPHAS, null]);
    for (const row of result.rows.slice(0, -1)) {
      expect(row.psnr).toBeGreaterThan(5);
      expect(row.psnr).toBeLessThan(60);
      expect(row.ssim).toBeGreaterThan(-1);
      expect(row.ssim).toBeLessThan(1);
    }
    const reference = result.rows.at(-1)!;
    expect(reference.psnr).toBe(Number.POSITIVE_INFINITY);
    expect(reference.ssim).toBeCloseTo(1, 10);
  });

  it('bicubic up-scaling scores as a sensible up-scaling and is smoother than the originals', () => {
    expect(result.rows[0]!.psnr).toBeGreaterThan(15);
    expect(result.rows[0]!.ssim).toBeGreaterThan(0.5);
    expect(result.rows[0]!.highFrequencyShare).toBeLessThan(result.rows.at(-1)!.highFrequencyShare);
    for (const row of result.rows) {
      expect(row.highFrequencyShare).toBeGreaterThan(0);
      expect(row.pngBytes).toBeGreaterThan(50);
    }
  });

  it('scores LR-Net on every WDSR-A output (8 test images)', () => {
    for (const row of result.rows.slice(1, 5)) expect(row.testAccuracy! * 8).toBeCloseTo(Math.round(row.testAccuracy! * 8), 10);
  });

  it('trains each α as one staged trainer run with the weighted loss on the embedded mini set', async () => {
    for (const [folder, alpha] of [['alpha-0', 0], ['alpha-1-5', 1 / 5]] as const) {
      const config = JSON.parse(await readFile(join(out, folder, 'config.json'), 'utf8'));
      expect(config).toMatchObject({ mode: 'staged', sr: { name: 'wdsr-a', options: { scale: 2, alpha } }, dataset: { name: 'fashion-mnist-mini', limit: 24, testLimit: 8 } });
      await expect(access(join(out, folder, 'report.md'))).resolves.toBeUndefined();
    }
  });

  it('names the config field of a bad number before training', async () => {
    await expect(main(['--train', '0'], () => {})).rejects.toThrow(/dataset\.limit/);
    await expect(main(['--batch', '1.5'], () => {})).rejects.toThrow(/batchSize/);
  });
});

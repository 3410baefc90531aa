import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALPHAS, type ExampleResult, main } from './main';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

describe('hf-weighted-sr example', () => {
  let out: string;
  let result: ExampleResult;

  beforeAll(async () => {
    await initBackend('cpu');
    out = await mkdtemp(join(tmpdir(), 'lowres-hf-example-'));
    result = await expectNoTensorLeaks(() => main({ tiny: true, backend: 'cpu', out }, () => {}), 'tiny α sweep');
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('scores bicubic, one WDSR-A per α and the HR reference', () => {
    expect(result.rows.map((row) => row.method)).toEqual([
      'bicubic',
      'WDSR-A α=0',
      'WDSR-A α=1/7',
      'WDSR-A α=1/5',
      'WDSR-A α=1/3',
      'HR (reference)',
    ]);
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

  it('bicubic beats nothing-trained noise: its PSNR is that of a sensible up-scaling', () => {
    expect(result.rows[0]!.psnr).toBeGreaterThan(15);
    expect(result.rows[0]!.ssim).toBeGreaterThan(0.5);
  });

  it('uses every pixel at α = 0 and fewer as α grows', () => {
    const used = result.rows.slice(1, 5).map((row) => row.pixelsUsed!);
    expect(used[0]).toBe(1);
    for (let index = 1; index < used.length; index++) {
      expect(used[index]).toBeGreaterThan(0);
      expect(used[index]).toBeLessThanOrEqual(used[index - 1]!);
    }
    const shares = result.weightMapShares.map(({ share }) => share);
    expect(shares[0]).toBe(1);
    expect(shares[3]).toBeLessThan(shares[1]!);
  });

  it('reports high-frequency evidence for every method', () => {
    for (const row of result.rows) {
      expect(row.highFrequencyShare).toBeGreaterThan(0);
      expect(row.highFrequencyShare).toBeLessThan(1);
      expect(row.pngBytesPerImage).toBeGreaterThan(50);
    }
    // Bicubic up-scaling is smoother than the original images.
    expect(result.rows[0]!.highFrequencyShare).toBeLessThan(result.rows.at(-1)!.highFrequencyShare);
  });

  it('writes the weight maps, SR samples, spectrum and results as files', async () => {
    const names = result.files.map((file) => file.slice(out.length + 1));
    expect(names).toEqual(
      expect.arrayContaining([
        'hr.png',
        'sr-bicubic.png',
        'sr-wdsr-a-alpha-1-5.png',
        'weight-map-initial.png',
        'weight-map-alpha-0.png',
        'weight-map-alpha-1-7.png',
        'weight-map-alpha-1-5.png',
        'weight-map-alpha-1-3.png',
        'spectrum.png',
        'results.json',
      ]),
    );
    for (const file of result.files.filter((name) => name.endsWith('.png'))) {
      expect([...(await readFile(file)).subarray(0, 4)]).toEqual(PNG_SIGNATURE);
    }
    const saved = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
    expect(saved.rows).toHaveLength(6);
    expect(saved.rows[0].psnr).toBeCloseTo(result.rows[0]!.psnr, 10);
  });

  it('refuses to silently use fewer images than asked for', async () => {
    await expect(main({ tiny: true, backend: 'cpu', out, train: 3001 }, () => {})).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

import { describe, expect, it } from 'vitest';
import { accuracyFlopsSvg, leaderboardCsv, leaderboardMarkdown } from './leaderboard';
import type { SweepResult } from './sweep-result';

const result = (id: string, sr: string, seed: number, accuracy: number | null, flops: number): SweepResult => ({
  id,
  origin: '',
  worker: 'host:1',
  sr,
  classifier: 'lrnet(width=0.25)',
  dataset: 'fashion-mnist',
  degradation: '×2',
  mode: 'classifier',
  seed,
  accuracy,
  meanPerClassAccuracy: accuracy === null ? null : accuracy - 0.01,
  parameters: 1234,
  flops,
  trainSeconds: 12.34,
  resumedAtStep: 0,
});

const results = [result('run-a', 'none', 1, 0.5, 2e6), result('run-b', 'bicubic', 1, 0.75, 4e6), result('run-c', 'none', 2, 0.7, 2e6), result('run-d', 'none', 3, null, 2e6)];

describe('leaderboard', () => {
  it('ranks runs by test accuracy, runs without one last', () => {
    const lines = leaderboardMarkdown(results).trim().split('\n');
    expect(lines).toHaveLength(2 + 4);
    expect(lines[0]).toBe('| rank | sr | classifier | dataset | degradation | mode | seed | accuracy % | mean per-class % | parameters | MFLOPs | train s | run |');
    expect(lines[2]).toBe('| 1 | bicubic | lrnet(width=0.25) | fashion-mnist | ×2 | classifier | 1 | 75.00 | 74.00 | 1234 | 4.000 | 12.3 | run-b |');
    expect(lines.slice(2).map((line) => line.split(' | ').at(-1))).toEqual(['run-b |', 'run-c |', 'run-a |', 'run-d |']);
  });

  it('writes the same rows as CSV, quoting cells that need it', () => {
    const csv = leaderboardCsv([result('run-q', 'srcnn(a=1, b=2)', 1, 0.5, 1e6)]).trim().split('\n');
    expect(csv[0]).toBe('rank,sr,classifier,dataset,degradation,mode,seed,accuracy %,mean per-class %,parameters,MFLOPs,train s,run');
    expect(csv[1]).toBe('1,"srcnn(a=1, b=2)",lrnet(width=0.25),fashion-mnist,×2,classifier,1,50.00,49.00,1234,1.000,12.3,run-q');
  });

  it('adds the SR fidelity columns when some run scored its SR front end, with – for the others', () => {
    const spectrum = { frequencies: [0.25], energy: [1], power: [1], counts: [1] };
    const figures = { highFrequencyShare: 0.1234, pngMeanBytes: 300, spectrum };
    const srQuality = {
      images: 10_000,
      cropBorder: 2,
      highFrequencyCutoff: 0.25,
      sr: { psnr: 27.456, ssim: 0.91234, ...figures },
      bicubic: { psnr: 24.5, ssim: 0.8, ...figures },
      original: figures,
      lossPixelShare: 0.6307,
    };
    const lines = leaderboardMarkdown([{ ...result('run-w', 'wdsr-a', 1, 0.9, 5e6), srQuality }, result('run-n', 'none', 1, 0.8, 2e6)]).trim().split('\n');
    expect(lines[0]).toBe(
      '| rank | sr | classifier | dataset | degradation | mode | seed | accuracy % | mean per-class % | SR PSNR dB | SR SSIM | bicubic PSNR dB | SR HF share % | loss pixels % | parameters | MFLOPs | train s | run |',
    );
    expect(lines[2]).toContain('| 90.00 | 89.00 | 27.46 | 0.9123 | 24.50 | 12.34 | 63.07 | 1234 |');
    expect(lines[3]).toContain('| 80.00 | 79.00 | – | – | – | – | – | 1234 |');
    const plain = leaderboardCsv([{ ...result('run-p', 'bicubic', 1, 0.8, 2e6), srQuality: { ...srQuality, lossPixelShare: null } }]).split('\n');
    // No pixel loss trained bicubic: no share of pixels to report.
    expect(plain[1]).toContain(',27.46,0.9123,24.50,12.34,–,1234,');
  });

  it('plots one point per pair (seeds averaged) of accuracy against FLOPs', () => {
    const svg = accuracyFlopsSvg(results);
    expect(svg.match(/<circle /g)).toHaveLength(2);
    // Named by what differs between the pairs: here only the front end.
    expect(svg).toContain('>none</text>');
    expect(svg).toContain('>bicubic</text>');
    const twoFields = accuracyFlopsSvg([...results, { ...results[0]!, id: 'run-e', classifier: 'resnet18' }]);
    expect(twoFields.match(/<circle /g)).toHaveLength(3);
    expect(twoFields).toContain('>none · resnet18</text>');
    expect(svg).toContain('MFLOPs per image');
  });
});

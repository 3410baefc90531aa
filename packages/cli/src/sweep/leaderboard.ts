import { markdownTable } from 'markdown-table';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type SrQuality, svgLinePlot } from '@lowres/trainer';
import type { SweepResult } from './sweep-result';

const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(2)}`);
const byAccuracy = (a: SweepResult, b: SweepResult) => (b.accuracy ?? -1) - (a.accuracy ?? -1) || a.id.localeCompare(b.id);

const COLUMNS = ['rank', 'sr', 'classifier', 'dataset', 'degradation', 'mode', 'seed', 'accuracy %', 'mean per-class %', 'parameters', 'MFLOPs', 'train s', 'run'] as const;
/** Shown after the accuracy columns when some run scored its SR front end on restoring the originals. */
const SR_COLUMNS = ['SR PSNR dB', 'SR SSIM', 'bicubic PSNR dB', 'SR HF share %', 'loss pixels %'] as const;

const fixed = (value: number | null | undefined, digits: number) => (value === null || value === undefined ? '–' : value.toFixed(digits));

function srCells(quality: SrQuality | null | undefined): string[] {
  if (!quality) return SR_COLUMNS.map(() => '–');
  return [
    fixed(quality.sr.psnr, 2),
    fixed(quality.sr.ssim, 4),
    fixed(quality.bicubic.psnr, 2),
    fixed(quality.sr.highFrequencyShare * 100, 2),
    percent(quality.lossPixelShare),
  ];
}

const scoresSr = (results: readonly SweepResult[]) => results.some((result) => result.srQuality);

function header(results: readonly SweepResult[]): string[] {
  const columns: string[] = [...COLUMNS];
  if (scoresSr(results)) columns.splice(columns.indexOf('parameters'), 0, ...SR_COLUMNS);
  return columns;
}

function cells(result: SweepResult, rank: number, withSr: boolean): string[] {
  return [
    String(rank),
    result.sr,
    result.classifier,
    result.dataset,
    result.degradation,
    result.mode,
    String(result.seed),
    percent(result.accuracy),
    percent(result.meanPerClassAccuracy),
    ...(withSr ? srCells(result.srQuality) : []),
    String(result.parameters),
    (result.flops / 1e6).toFixed(3),
    result.trainSeconds.toFixed(1),
    result.id,
  ];
}

function rows(results: readonly SweepResult[]): string[][] {
  const withSr = scoresSr(results);
  return [...results].sort(byAccuracy).map((result, i) => cells(result, i + 1, withSr));
}

/** Markdown leaderboard: one row per run, best test accuracy first (with SR fidelity columns when some run has them). */
export function leaderboardMarkdown(results: readonly SweepResult[]): string {
  const escaped = rows(results).map((row) => row.map((cell) => cell.replaceAll('|', '\\|')));
  return `${markdownTable([header(results), ...escaped], { alignDelimiters: false })}\n`;
}

/** CSV of the same leaderboard (RFC 4180 quoting). */
export function leaderboardCsv(results: readonly SweepResult[]): string {
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return [header(results).map(quote).join(','), ...rows(results).map((row) => row.map(quote).join(','))].join('\n').concat('\n');
}

const PAIR_FIELDS = ['sr', 'classifier', 'dataset', 'degradation', 'mode'] as const;

/**
 * Names each pair (everything that defines a run but its seed) by the fields that differ between
 * the pairs, e.g. `none` and `bicubic(scale=2)` when only the front end varies.
 */
function pairLabels(results: readonly SweepResult[]): (result: SweepResult) => string {
  const varying = PAIR_FIELDS.filter((field) => new Set(results.map((result) => result[field])).size > 1);
  const shown = varying.length > 0 ? varying : (['sr', 'classifier'] as const);
  return (result) => shown.map((field) => result[field]).join(' · ');
}

/** SVG plot of test accuracy against FLOPs: one point per pair, its accuracy the mean over the pair's seeds. */
export function accuracyFlopsSvg(results: readonly SweepResult[]): string {
  const scored = results.filter((result) => result.accuracy !== null);
  const label = pairLabels(scored);
  const pairs = new Map<string, SweepResult[]>();
  for (const result of scored) pairs.set(label(result), [...(pairs.get(label(result)) ?? []), result]);
  const series = [...pairs].map(([name, members]) => ({
    name,
    points: [{ x: members[0]!.flops / 1e6, y: (members.reduce((sum, member) => sum + member.accuracy!, 0) / members.length) * 100 }],
  }));
  const legendWidth = 50 + 7 * Math.max(10, ...series.map((line) => line.name.length));
  return svgLinePlot(series, {
    title: 'Test accuracy against cost (mean over seeds)',
    xLabel: 'MFLOPs per image',
    yLabel: 'test accuracy (%)',
    width: 520 + legendWidth,
    legendWidth,
    padding: 0.1,
  });
}

/** Writes leaderboard.md, leaderboard.csv and accuracy-flops.svg to `dir` (created when missing); returns their paths. */
export async function writeLeaderboard(results: readonly SweepResult[], dir: string): Promise<string[]> {
  const files: [string, string][] = [
    ['leaderboard.md', `# Sweep leaderboard\n\n${results.length} finished runs, best test accuracy first.\n\n${leaderboardMarkdown(results)}\n![accuracy against FLOPs](accuracy-flops.svg)\n`],
    ['leaderboard.csv', leaderboardCsv(results)],
    ['accuracy-flops.svg', accuracyFlopsSvg(results)],
  ];
  await mkdir(dir, { recursive: true });
  for (const [name, text] of files) await writeFile(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}

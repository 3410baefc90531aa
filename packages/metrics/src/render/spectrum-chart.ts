import { InvalidArgumentError } from '@lowres/core';
import type { RadialSpectrum } from '../frequency/power-spectrum';
import { cssColor, type Rgb, SERIES_COLORS } from './colors';
import { escapeXml, svgDocument } from './svg';
import { svgToPng } from './svg-to-png';

/** One named spectrum of a plot. */
export interface SpectrumSeries {
  readonly label: string;
  readonly spectrum: RadialSpectrum;
}

/** Options of {@link spectrumSvg} and {@link spectrumPng}. */
export interface SpectrumChartOptions {
  title?: string;
  /** Plot area size in pixels. Default 480 × 280. */
  width?: number;
  height?: number;
}

interface Point {
  x: number;
  y: number;
}

interface Layout {
  width: number;
  height: number;
  frame: { left: number; top: number; right: number; bottom: number };
  /** Each series as runs of connected points (bins without power break the line). */
  lines: { label: string; color: Rgb; runs: Point[][] }[];
  xTicks: { x: number; text: string }[];
  yTicks: { y: number; text: string }[];
}

const MARGIN = { left: 64, top: 36, right: 150, bottom: 56 };

function layout(series: readonly SpectrumSeries[], options: SpectrumChartOptions): Layout {
  if (series.length === 0) throw new InvalidArgumentError('series', 'expected at least one spectrum to plot');
  const plotWidth = options.width ?? 480;
  const plotHeight = options.height ?? 280;
  const logs = series.flatMap(({ spectrum }) => spectrum.power.filter((p): p is number => p !== null && p > 0).map(Math.log10));
  if (logs.length === 0) throw new InvalidArgumentError('series', 'no spectrum has positive power to plot on a log scale');
  const low = Math.floor(Math.min(...logs));
  const high = Math.max(low + 1, Math.ceil(Math.max(...logs)));
  const maxFrequency = Math.max(...series.flatMap(({ spectrum }) => spectrum.frequencies.map((f, b) => f + (b === 0 ? f : f - spectrum.frequencies[b - 1]!) / 2)));
  const frame = { left: MARGIN.left, top: MARGIN.top, right: MARGIN.left + plotWidth, bottom: MARGIN.top + plotHeight };
  const toX = (f: number) => frame.left + (f / maxFrequency) * plotWidth;
  const toY = (log: number) => frame.bottom - ((log - low) / (high - low)) * plotHeight;
  const lines = series.map(({ label, spectrum }, s) => {
    const runs: Point[][] = [[]];
    spectrum.power.forEach((p, b) => {
      if (p === null || p <= 0) runs.push([]);
      else runs[runs.length - 1]!.push({ x: toX(spectrum.frequencies[b]!), y: toY(Math.log10(p)) });
    });
    return { label, color: SERIES_COLORS[s % SERIES_COLORS.length]!, runs: runs.filter((run) => run.length > 0) };
  });
  const xTicks = [];
  for (let f = 0; f <= maxFrequency + 1e-9; f += 0.1) xTicks.push({ x: toX(f), text: f.toFixed(1) });
  const yTicks = [];
  const step = Math.max(1, Math.ceil((high - low) / 8));
  for (let e = low; e <= high; e += step) yTicks.push({ y: toY(e), text: `1E${e}` });
  return { width: frame.right + MARGIN.right, height: frame.bottom + MARGIN.bottom, frame, lines, xTicks, yTicks };
}

function asSeries(input: RadialSpectrum | readonly SpectrumSeries[]): readonly SpectrumSeries[] {
  return Array.isArray(input) ? (input as readonly SpectrumSeries[]) : [{ label: 'spectrum', spectrum: input as RadialSpectrum }];
}

/** SVG line plot of radial power spectra: log10 mean power against frequency in cycles per pixel. */
export function spectrumSvg(input: RadialSpectrum | readonly SpectrumSeries[], options: SpectrumChartOptions = {}): string {
  const { width, height, frame, lines, xTicks, yTicks } = layout(asSeries(input), options);
  const parts = [
    `<rect x="${frame.left}" y="${frame.top}" width="${frame.right - frame.left}" height="${frame.bottom - frame.top}" fill="none" stroke="black"/>`,
  ];
  if (options.title) parts.push(`<text x="${width / 2}" y="18" text-anchor="middle">${escapeXml(options.title)}</text>`);
  for (const tick of xTicks) {
    parts.push(`<line x1="${tick.x}" y1="${frame.bottom}" x2="${tick.x}" y2="${frame.bottom + 5}" stroke="black"/>`);
    parts.push(`<text x="${tick.x}" y="${frame.bottom + 18}" text-anchor="middle">${tick.text}</text>`);
  }
  for (const tick of yTicks) {
    parts.push(`<line x1="${frame.left - 5}" y1="${tick.y}" x2="${frame.left}" y2="${tick.y}" stroke="black"/>`);
    parts.push(`<text x="${frame.left - 8}" y="${tick.y}" text-anchor="end" dominant-baseline="central">${tick.text}</text>`);
  }
  parts.push(`<text x="${(frame.left + frame.right) / 2}" y="${height - 10}" text-anchor="middle">frequency (cycles/pixel)</text>`);
  parts.push(`<text x="14" y="${(frame.top + frame.bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 ${(frame.top + frame.bottom) / 2})">power</text>`);
  lines.forEach((line, i) => {
    for (const run of line.runs) {
      const points = run.map((p) => `${p.x.toFixed(2)},${p.y.toFixed(2)}`).join(' ');
      parts.push(`<polyline points="${points}" fill="none" stroke="${cssColor(line.color)}" stroke-width="2"/>`);
    }
    const y = frame.top + 10 + i * 18;
    parts.push(`<line x1="${frame.right + 12}" y1="${y}" x2="${frame.right + 32}" y2="${y}" stroke="${cssColor(line.color)}" stroke-width="2"/>`);
    parts.push(`<text x="${frame.right + 38}" y="${y}" dominant-baseline="central">${escapeXml(line.label)}</text>`);
  });
  return svgDocument(width, height, parts);
}

/** PNG bytes of {@link spectrumSvg}'s plot, rasterised by resvg. */
export function spectrumPng(input: RadialSpectrum | readonly SpectrumSeries[], options: SpectrumChartOptions = {}): Uint8Array {
  return svgToPng(spectrumSvg(input, options));
}

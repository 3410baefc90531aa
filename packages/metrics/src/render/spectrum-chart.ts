import { InvalidArgumentError } from '@lowres/core';
import type { RadialSpectrum } from '../frequency/power-spectrum';
import { cssColor, escapeXml, SERIES_COLORS } from './colors';
import { Raster, type Rgb } from './raster';

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
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
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
  parts.push('</svg>');
  return parts.join('\n');
}

/** PNG bytes of the same plot as {@link spectrumSvg}, drawn with the built-in bitmap font. */
export function spectrumPng(input: RadialSpectrum | readonly SpectrumSeries[], options: SpectrumChartOptions = {}): Uint8Array {
  const { width, height, frame, lines, xTicks, yTicks } = layout(asSeries(input), options);
  const raster = new Raster(width, height);
  const black: Rgb = [0, 0, 0];
  raster.drawLine(frame.left, frame.top, frame.right, frame.top, black);
  raster.drawLine(frame.left, frame.bottom, frame.right, frame.bottom, black);
  raster.drawLine(frame.left, frame.top, frame.left, frame.bottom, black);
  raster.drawLine(frame.right, frame.top, frame.right, frame.bottom, black);
  if (options.title) raster.drawTextCentered(options.title, width / 2, 16, black, 2);
  for (const tick of xTicks) {
    raster.drawLine(tick.x, frame.bottom, tick.x, frame.bottom + 5, black);
    raster.drawTextCentered(tick.text, tick.x, frame.bottom + 16, black, 2);
  }
  for (const tick of yTicks) {
    raster.drawLine(frame.left - 5, tick.y, frame.left, tick.y, black);
    raster.drawText(tick.text, frame.left - 8 - Raster.textWidth(tick.text, 2), Math.round(tick.y - 7), black, 2);
  }
  raster.drawTextCentered('frequency (cycles/pixel)', (frame.left + frame.right) / 2, height - 12, black, 2);
  raster.drawTextUpwards('power', 8, Math.round((frame.top + frame.bottom) / 2 + Raster.textWidth('power', 2) / 2), black, 2);
  lines.forEach((line, i) => {
    for (const run of line.runs) {
      run.forEach((point, p) => {
        const next = run[p + 1];
        if (next) {
          raster.drawLine(point.x, point.y, next.x, next.y, line.color);
          raster.drawLine(point.x, point.y + 1, next.x, next.y + 1, line.color);
        } else raster.fillRect(point.x - 1, point.y - 1, 3, 3, line.color);
      });
    }
    const y = frame.top + 10 + i * 18;
    raster.fillRect(frame.right + 12, y - 1, 20, 3, line.color);
    raster.drawText(line.label, frame.right + 38, y - 7, black, 2);
  });
  return raster.toPng();
}

import { cssColor, SERIES_COLORS } from './colors';
import { escapeXml, niceTicks, svgDocument } from './svg';

/** One named line of a plot. */
export interface PlotSeries {
  name: string;
  points: readonly { x: number; y: number }[];
}

/** Options of {@link svgLinePlot}. */
export interface LinePlotOptions {
  title: string;
  /** Space right of the plot for the legend, in pixels (default 130). */
  legendWidth?: number;
  /** Margin added inside the axes on every side, as a fraction of the data range (default 0: points on the frame). */
  padding?: number;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Ticks on whole numbers only (epochs). */
  integerX?: boolean;
}

const COLORS = SERIES_COLORS.map(cssColor);

/** A self-contained SVG line plot with axes, ticks, a title and a legend; non-finite points are dropped. */
export function svgLinePlot(series: readonly PlotSeries[], options: LinePlotOptions): string {
  const width = options.width ?? 560;
  const height = options.height ?? 340;
  const margin = { left: 64, right: options.legendWidth ?? 130, top: 36, bottom: 48 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const finite = series.map((line) => ({ ...line, points: line.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)) }));
  const all = finite.flatMap((line) => line.points);
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  let [xMin, xMax] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  let [yMin, yMax] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (yMin === yMax) [yMin, yMax] = [yMin - 0.5, yMax + 0.5];
  const padding = options.padding ?? 0;
  if (padding > 0) {
    const [xPad, yPad] = [(xMax === xMin ? Math.abs(xMin) || 1 : xMax - xMin) * padding, (yMax - yMin) * padding];
    [xMin, xMax, yMin, yMax] = [xMin - xPad, xMax + xPad, yMin - yPad, yMax + yPad];
  }
  const xScale = (x: number) => margin.left + (xMax === xMin ? plotWidth / 2 : ((x - xMin) / (xMax - xMin)) * plotWidth);
  const yScale = (y: number) => margin.top + plotHeight - ((y - yMin) / (yMax - yMin)) * plotHeight;
  const parts = [
    `<text x="${margin.left + plotWidth / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(options.title)}</text>`,
    `<line x1="${margin.left}" y1="${margin.top + plotHeight}" x2="${margin.left + plotWidth}" y2="${margin.top + plotHeight}" stroke="black"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotHeight}" stroke="black"/>`,
  ];
  for (const tick of niceTicks(yMin, yMax)) {
    const y = yScale(tick);
    parts.push(`<line x1="${margin.left - 4}" y1="${y}" x2="${margin.left + plotWidth}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${y + 4}" text-anchor="end">${tick}</text>`);
  }
  const xTicks = niceTicks(xMin, xMax);
  for (const tick of options.integerX ? [...new Set(xTicks.map(Math.round))].filter((value) => value >= xMin && value <= xMax) : xTicks) {
    const x = xScale(tick);
    parts.push(`<line x1="${x}" y1="${margin.top + plotHeight}" x2="${x}" y2="${margin.top + plotHeight + 4}" stroke="black"/>`);
    parts.push(`<text x="${x}" y="${margin.top + plotHeight + 16}" text-anchor="middle">${tick}</text>`);
  }
  parts.push(`<text x="${margin.left + plotWidth / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  parts.push(
    `<text x="16" y="${margin.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 16 ${margin.top + plotHeight / 2})">${escapeXml(options.yLabel)}</text>`,
  );
  finite.forEach((line, index) => {
    const color = COLORS[index % COLORS.length]!;
    if (line.points.length > 0) {
      const path = line.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${xScale(p.x).toFixed(2)},${yScale(p.y).toFixed(2)}`).join(' ');
      parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
      for (const p of line.points) parts.push(`<circle cx="${xScale(p.x).toFixed(2)}" cy="${yScale(p.y).toFixed(2)}" r="2.5" fill="${color}"/>`);
    }
    const legendY = margin.top + 14 + index * 18;
    parts.push(`<line x1="${width - margin.right + 12}" y1="${legendY - 4}" x2="${width - margin.right + 32}" y2="${legendY - 4}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${width - margin.right + 38}" y="${legendY}">${escapeXml(line.name)}</text>`);
  });
  return `${svgDocument(width, height, parts, 11)}\n`;
}

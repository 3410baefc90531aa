import { InvalidArgumentError } from '@lowres/core';
import { cssColor, type Rgb, sequentialColor, textColorOn } from './colors';
import { escapeXml, svgDocument } from './svg';
import { svgToPng } from './svg-to-png';

/** Options of {@link confusionMatrixSvg} and {@link confusionMatrixPng}. */
export interface ConfusionMatrixChartOptions {
  /** Names of the classes, in index order; defaults to the indices. */
  classNames?: readonly string[];
  title?: string;
  /** Side of one cell in pixels. Default 36. */
  cellSize?: number;
}

interface Cell {
  row: number;
  column: number;
  x: number;
  y: number;
  text: string;
  fill: Rgb;
  ink: Rgb;
}

interface Layout {
  width: number;
  height: number;
  cellSize: number;
  cells: Cell[];
  texts: { text: string; x: number; y: number; rotate?: boolean; anchor: 'middle' | 'end' }[];
}

const CHAR = 8; // room per label character at the 12 px font, in pixels

function layout(matrix: readonly (readonly number[])[], options: ConfusionMatrixChartOptions): Layout {
  const classes = matrix.length;
  if (classes === 0 || matrix.some((row) => row.length !== classes)) {
    throw new InvalidArgumentError('matrix', 'expected a non-empty square confusion matrix');
  }
  matrix.forEach((row, r) => {
    row.forEach((count, c) => {
      if (!Number.isFinite(count) || count < 0) {
        throw new InvalidArgumentError('matrix', `entry [${r}][${c}] is ${count}; expected a non-negative count`);
      }
    });
  });
  const names = options.classNames ?? matrix.map((_, i) => String(i));
  if (names.length !== classes) {
    throw new InvalidArgumentError('classNames', `has ${names.length} names for ${classes} classes`);
  }
  const cellSize = options.cellSize ?? 36;
  const longest = Math.max(...names.map((name) => name.length));
  const titleHeight = options.title ? 30 : 0;
  const left = 30 + longest * CHAR + 8;
  const top = titleHeight + 24;
  const bottom = 30 + longest * CHAR + 8;
  const cells: Cell[] = [];
  matrix.forEach((row, r) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    row.forEach((count, c) => {
      const share = total === 0 ? 0 : count / total;
      cells.push({ row: r, column: c, x: left + c * cellSize, y: top + r * cellSize, text: String(count), fill: sequentialColor(share), ink: textColorOn(share) });
    });
  });
  const width = Math.max(left + classes * cellSize + 16, (options.title?.length ?? 0) * CHAR + 20);
  const height = top + classes * cellSize + bottom;
  const texts: Layout['texts'] = [];
  if (options.title) texts.push({ text: options.title, x: width / 2, y: 16, anchor: 'middle' });
  names.forEach((name, i) => {
    texts.push({ text: name, x: left - 6, y: top + (i + 0.5) * cellSize, anchor: 'end' });
    texts.push({ text: name, x: left + (i + 0.5) * cellSize, y: top + classes * cellSize + 6, rotate: true, anchor: 'end' });
  });
  texts.push({ text: 'predicted', x: left + (classes * cellSize) / 2, y: height - 12, anchor: 'middle' });
  texts.push({ text: 'true', x: 14, y: top + (classes * cellSize) / 2, rotate: true, anchor: 'middle' });
  return { width, height, cellSize, cells, texts };
}

/**
 * SVG of a confusion matrix (rows = true class, columns = predicted): each cell shows its count,
 * shaded by its share of the row.
 */
export function confusionMatrixSvg(matrix: readonly (readonly number[])[], options: ConfusionMatrixChartOptions = {}): string {
  const { width, height, cellSize, cells, texts } = layout(matrix, options);
  const parts: string[] = [];
  for (const cell of cells) {
    parts.push(
      `<rect x="${cell.x}" y="${cell.y}" width="${cellSize}" height="${cellSize}" fill="${cssColor(cell.fill)}" stroke="#ccc"/>`,
      `<text x="${cell.x + cellSize / 2}" y="${cell.y + cellSize / 2}" fill="${cssColor(cell.ink)}" text-anchor="middle" dominant-baseline="central">${cell.text}</text>`,
    );
  }
  for (const text of texts) {
    const transform = text.rotate ? ` transform="rotate(-90 ${text.x} ${text.y})"` : '';
    parts.push(`<text x="${text.x}" y="${text.y}" text-anchor="${text.anchor}" dominant-baseline="central"${transform}>${escapeXml(text.text)}</text>`);
  }
  return svgDocument(width, height, parts);
}

/** PNG bytes of {@link confusionMatrixSvg}'s chart, rasterised by resvg. */
export function confusionMatrixPng(matrix: readonly (readonly number[])[], options: ConfusionMatrixChartOptions = {}): Uint8Array {
  return svgToPng(confusionMatrixSvg(matrix, options));
}

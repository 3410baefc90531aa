import { InvalidArgumentError } from '@lowres/core';
import { cssColor, escapeXml, sequentialColor, textColorOn } from './colors';
import { Raster, type Rgb } from './raster';

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

const CHAR = 12; // pixels per character at font scale 2 (5 px glyph + 1 px gap, doubled)

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
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
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
  parts.push('</svg>');
  return parts.join('\n');
}

/** PNG bytes of the same chart as {@link confusionMatrixSvg}, drawn with the built-in bitmap font. */
export function confusionMatrixPng(matrix: readonly (readonly number[])[], options: ConfusionMatrixChartOptions = {}): Uint8Array {
  const { width, height, cellSize, cells, texts } = layout(matrix, options);
  const raster = new Raster(width, height);
  for (const cell of cells) {
    raster.fillRect(cell.x, cell.y, cellSize, cellSize, cell.fill);
    const scale = Raster.textWidth(cell.text, 2) <= cellSize - 4 ? 2 : 1;
    raster.drawTextCentered(cell.text, cell.x + cellSize / 2, cell.y + cellSize / 2, cell.ink, scale);
  }
  for (const text of texts) drawLabel(raster, text);
  return raster.toPng();
}

function drawLabel(raster: Raster, label: Layout['texts'][number]): void {
  const black: Rgb = [0, 0, 0];
  const length = Raster.textWidth(label.text, 2);
  if (!label.rotate) {
    const x = label.anchor === 'end' ? label.x - length : label.x - length / 2;
    raster.drawText(label.text, Math.round(x), Math.round(label.y - 7), black, 2);
    return;
  }
  const bottom = label.anchor === 'end' ? label.y + length : label.y + length / 2;
  raster.drawTextUpwards(label.text, Math.round(label.x - 7), Math.round(bottom), black, 2);
}

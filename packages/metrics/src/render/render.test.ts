import { InvalidArgumentError } from '@lowres/core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { RadialSpectrum } from '../frequency/power-spectrum';
import { sequentialColor } from './colors';
import { confusionMatrixPng, confusionMatrixSvg } from './confusion-matrix-chart';
import { spectrumPng, spectrumSvg } from './spectrum-chart';

const matrix = [
  [8, 2, 0],
  [1, 9, 0],
  [0, 0, 0],
];

function decode(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

function pixel(png: PNG, x: number, y: number): number[] {
  const offset = (y * png.width + x) * 4;
  return Array.from(png.data.subarray(offset, offset + 3));
}

describe('confusion matrix charts', () => {
  it('SVG has one shaded cell with its count per entry and escapes names', () => {
    const svg = confusionMatrixSvg(matrix, { classNames: ['cat', 'dog', 'a<b&c'], title: 'Test "set"' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(9);
    expect(svg).toContain(`fill="rgb(${sequentialColor(0.9).join(',')})"`);
    expect(svg).toContain('>9</text>');
    expect(svg).toContain('a&#60;b&#38;c');
    expect(svg).toContain('Test &#34;set&#34;');
    expect(svg).not.toContain('a<b');
  });

  it('PNG decodes and shades each cell by its share of the row', () => {
    const cellSize = 40;
    const png = decode(confusionMatrixPng(matrix, { cellSize }));
    const svg = confusionMatrixSvg(matrix, { cellSize });
    const cellAt = (r: number, c: number) => {
      const found = new RegExp(`<rect x="(\\d+)" y="(\\d+)" width="${cellSize}"[^>]*>\\n<text[^>]*>${matrix[r]![c]}<`, 'g');
      return [...svg.matchAll(found)].map((m) => [Number(m[1]), Number(m[2])] as const);
    };
    const [[x, y]] = cellAt(1, 1) as [readonly [number, number]];
    // Corner of the cell (away from the digits) carries the fill colour.
    expect(pixel(png, x + 2, y + 2)).toEqual([...sequentialColor(0.9)]);
    expect(png.width).toBeGreaterThan(3 * cellSize);
    // The count is drawn in the cell's ink: white digits on the dark cell, black digits on a light one.
    const inkIn = (left: number, top: number, ink: number) => {
      let count = 0;
      for (let dy = 8; dy < cellSize - 8; dy++) for (let dx = 8; dx < cellSize - 8; dx++) if (pixel(png, left + dx, top + dy).every((v) => Math.abs(v - ink) < 40)) count++;
      return count;
    };
    expect(inkIn(x, y, 255)).toBeGreaterThan(4);
    const [[lightX, lightY]] = cellAt(0, 1) as [readonly [number, number]];
    expect(inkIn(lightX, lightY, 0)).toBeGreaterThan(4);
    expect(inkIn(lightX, lightY, 0)).toBeLessThan((cellSize - 16) ** 2 / 2);
  });

  it('rejects malformed matrices and name lists', () => {
    expect(() => confusionMatrixSvg([[1, 2]])).toThrow(InvalidArgumentError);
    expect(() => confusionMatrixPng(matrix, { classNames: ['a'] })).toThrow(/classNames/);
    expect(() => confusionMatrixSvg([[Number.NaN]])).toThrow(/non-negative count/);
  });
});

const spectrum = (scale: number): RadialSpectrum => ({
  frequencies: [0.05, 0.15, 0.25, 0.35],
  energy: [1, 0.1, 0.01, 0.001].map((v) => v * scale),
  power: [1, 0.1, null, 0.001].map((v) => (v === null ? null : v * scale)),
  counts: [3, 6, 0, 9],
});

describe('spectrum charts', () => {
  it('SVG draws one polyline per unbroken run and a legend entry per series', () => {
    const svg = spectrumSvg([
      { label: 'bicubic', spectrum: spectrum(1) },
      { label: 'SR <x2>', spectrum: spectrum(0.5) },
    ]);
    // each series: bins 0–1 connected, bin 2 empty, bin 3 alone → 2 runs
    expect(svg.match(/<polyline/g)).toHaveLength(4);
    expect(svg).toContain('bicubic');
    expect(svg).toContain('SR &#60;x2&#62;');
    expect(svg).toContain('1E-3');
  });

  it('PNG decodes to the SVG size and contains the series colour', () => {
    const png = decode(spectrumPng(spectrum(1), { width: 200, height: 120 }));
    const svg = spectrumSvg(spectrum(1), { width: 200, height: 120 });
    const [, width, height] = svg.match(/width="(\d+)" height="(\d+)"/)!;
    expect([png.width, png.height]).toEqual([Number(width), Number(height)]);
    let coloured = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      if (png.data[i] === 31 && png.data[i + 1] === 119 && png.data[i + 2] === 180) coloured += 1;
    }
    expect(coloured).toBeGreaterThan(20);
  });

  it('refuses an empty or all-zero plot', () => {
    expect(() => spectrumSvg([])).toThrow(InvalidArgumentError);
    expect(() => spectrumPng({ frequencies: [0.1], energy: [0], power: [0], counts: [1] })).toThrow(/positive power/);
  });
});

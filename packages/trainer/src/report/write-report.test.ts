import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { svgLinePlot } from '@lowres/metrics';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplesPng, writeReport } from './write-report';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lowres-report-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const pngSize = (png: Uint8Array) => {
  const view = Buffer.from(png);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
};

describe('report figures', () => {
  it('ticks epochs on whole numbers only', () => {
    const svg = svgLinePlot([{ name: 'loss', points: [{ x: 1, y: 2 }, { x: 2, y: 1 }, { x: 3, y: 0.5 }] }], { title: 't', xLabel: 'epoch', yLabel: 'loss', integerX: true });
    const xTicks = [...svg.matchAll(/text-anchor="middle">([\d.]+)<\/text>/g)].map((match) => match[1]);
    expect(xTicks).toEqual(['1', '2', '3']);
  });

  it('enlarges 14×14 samples to at least 96 px per panel, with the column titles above them', () => {
    const panel = (title: string, size: number) => ({ title, pixels: new Float32Array(size * size).fill(0.5), height: size, width: size });
    const png = samplesPng([{ channels: 1, panels: [panel('input', 14), panel('bicubic', 28), panel('SR', 28), panel('HR', 28)] }]);
    const { width, height } = pngSize(png);
    expect(width).toBe(4 * 112 + 3 * 2);
    expect(height).toBe(16 + 112);
    // The panels keep their grey level, and each column title is set in dark ink in the band above.
    const decoded = PNG.sync.read(Buffer.from(png));
    const at = (x: number, y: number) => Array.from(decoded.data.subarray((y * width + x) * 4, (y * width + x) * 4 + 3));
    expect(at(56, 16 + 56)).toEqual([128, 128, 128]);
    for (let column = 0; column < 4; column++) {
      let ink = 0;
      for (let y = 0; y < 16; y++) for (let x = column * 114; x < column * 114 + 112; x++) if (at(x, y)[0]! < 100) ink++;
      expect(ink).toBeGreaterThan(5);
    }
  });

  it('explains the curves, leaves out a validation legend without validation data, and names the classes', async () => {
    const dir = join(root, 'no-validation');
    await mkdir(dir);
    const records = [1, 2].map((epoch) => ({ phase: 'classifier', epoch: epoch - 1, globalStep: epoch * 3, learningRate: 0.001, loss: 1 / epoch, accuracy: 0.5 }));
    await writeFile(join(dir, 'metrics.jsonl'), records.map((record) => JSON.stringify(record)).join('\n'));
    const test = { loss: 0.5, accuracy: 0.5, meanPerClassAccuracy: 0.5, classes: 2, examples: 2, predictions: [0, 1], labels: [0, 0], classNames: ['T-shirt', 'Trouser'], model: join(dir, 'checkpoints', 'final') };
    await writeFile(join(dir, 'test-metrics.json'), JSON.stringify(test));
    const report = await readFile(await writeReport(dir), 'utf8');
    expect(report).toMatch(/no validation split/);
    expect(report).toMatch(/Scored model: `.*checkpoints\/final`/);
    expect(await readFile(join(dir, 'plots', 'classifier-loss.svg'), 'utf8')).not.toMatch(/validation|val loss/);
    const matrix = await readFile(join(dir, 'plots', 'confusion-matrix.svg'), 'utf8');
    expect(matrix).toContain('T-shirt');
    expect(matrix).toContain('Trouser');
  });
});

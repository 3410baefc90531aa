import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { confusionMatrix, confusionMatrixSvg, encodePng } from '@lowres/metrics';
import type { EpochRecord } from '../training/callbacks';
import { type ReproductionRecord, withReproductionSection } from '../recipes/reproduction-record';
import { svgLinePlot } from './svg-line-plot';

/** Test-set results stored in a run directory. */
export interface TestSummary {
  loss: number;
  accuracy: number;
  meanPerClassAccuracy: number;
  classes: number;
  examples: number;
  predictions?: number[];
  labels?: number[];
  /** Training images batch-norm statistics were re-estimated from before testing (absent or 0: none). */
  batchNormRecalibration?: number;
}

/** One row of SR sample images: each panel is float32 HWC in [0, 1] of the same channel count. */
export interface SampleRow {
  panels: { title: string; pixels: Float32Array; height: number; width: number }[];
  channels: number;
}

/** Nearest-neighbour enlargement of a float HWC image by an integer factor, for side-by-side display. */
function enlarge(pixels: Float32Array, height: number, width: number, channels: number, factor: number): Float32Array {
  const out = new Float32Array(height * factor * width * factor * channels);
  for (let y = 0; y < height * factor; y++) {
    for (let x = 0; x < width * factor; x++) {
      for (let c = 0; c < channels; c++) {
        out[(y * width * factor + x) * channels + c] = pixels[((Math.floor(y / factor) * width + Math.floor(x / factor)) * channels + c)]!;
      }
    }
  }
  return out;
}

/** Tiles rows of panels (enlarged to the largest panel size) into one PNG with 2-pixel white gaps. */
export function samplesPng(rows: readonly SampleRow[]): Uint8Array {
  const panelHeight = Math.max(...rows.flatMap((row) => row.panels.map((p) => p.height)));
  const panelWidth = Math.max(...rows.flatMap((row) => row.panels.map((p) => p.width)));
  const channels = rows[0]?.channels ?? 1;
  const columns = Math.max(...rows.map((row) => row.panels.length));
  const gap = 2;
  const width = columns * (panelWidth + gap) - gap;
  const height = rows.length * (panelHeight + gap) - gap;
  const pixels = new Uint8Array(width * height * channels).fill(255);
  rows.forEach((row, r) => {
    row.panels.forEach((panel, c) => {
      const factor = Math.max(1, Math.floor(panelHeight / panel.height));
      const big = enlarge(panel.pixels, panel.height, panel.width, channels, factor);
      const bigWidth = panel.width * factor;
      for (let y = 0; y < panel.height * factor; y++) {
        for (let x = 0; x < bigWidth; x++) {
          for (let k = 0; k < channels; k++) {
            const value = big[(y * bigWidth + x) * channels + k]!;
            const target = ((r * (panelHeight + gap) + y) * width + c * (panelWidth + gap) + x) * channels + k;
            pixels[target] = Math.round(Math.min(1, Math.max(0, value)) * 255);
          }
        }
      }
    });
  });
  return encodePng(pixels, width, height, channels);
}

function curve(history: readonly EpochRecord[], key: keyof EpochRecord): { x: number; y: number }[] {
  return history.filter((r) => typeof r[key] === 'number').map((r, i) => ({ x: i + 1, y: r[key] as number }));
}

/**
 * Writes report.md into a run directory from its metrics.jsonl (and test-metrics.json / samples when
 * present): loss and accuracy curves (SVG), a confusion matrix (SVG) and SR samples (PNG).
 */
export async function writeReport(
  runDir: string,
  extras: { samples?: readonly SampleRow[]; sampleTitles?: string; figures?: readonly { title: string; file: string }[] } = {},
): Promise<string> {
  const lines = (await readFile(join(runDir, 'metrics.jsonl'), 'utf8')).split('\n').filter((line) => line.trim() !== '');
  const history = lines.map((line) => JSON.parse(line) as EpochRecord);
  const plots = join(runDir, 'plots');
  await mkdir(plots, { recursive: true });
  const md: string[] = [`# Training report`, '', `Run directory: \`${runDir}\``, ''];
  const phases = [...new Set(history.map((r) => r.phase))];
  for (const phase of phases) {
    const records = history.filter((r) => r.phase === phase);
    const lossFile = `plots/${phase}-loss.svg`;
    await writeFile(
      join(runDir, lossFile),
      svgLinePlot(
        [
          { name: 'train loss', points: curve(records, 'loss') },
          { name: 'val loss', points: curve(records, 'val_loss') },
        ],
        { title: `${phase}: loss`, xLabel: 'epoch', yLabel: 'loss' },
      ),
    );
    md.push(`## Phase \`${phase}\``, '', `![${phase} loss](${lossFile})`, '');
    if (records.some((r) => r.accuracy !== undefined)) {
      const accuracyFile = `plots/${phase}-accuracy.svg`;
      await writeFile(
        join(runDir, accuracyFile),
        svgLinePlot(
          [
            { name: 'train accuracy', points: curve(records, 'accuracy') },
            { name: 'val accuracy', points: curve(records, 'val_accuracy') },
          ],
          { title: `${phase}: accuracy`, xLabel: 'epoch', yLabel: 'accuracy' },
        ),
      );
      md.push(`![${phase} accuracy](${accuracyFile})`, '');
    }
    md.push('| epoch | lr | loss | accuracy | val loss | val accuracy |', '|---|---|---|---|---|---|');
    const cell = (value: number | undefined) => (value === undefined ? '' : value.toFixed(4));
    for (const r of records) {
      md.push(`| ${r.epoch + 1} | ${r.learningRate.toPrecision(3)} | ${cell(r.loss)} | ${cell(r.accuracy)} | ${cell(r.val_loss)} | ${cell(r.val_accuracy)} |`);
    }
    md.push('');
  }
  let test: TestSummary | null = null;
  try {
    test = JSON.parse(await readFile(join(runDir, 'test-metrics.json'), 'utf8')) as TestSummary;
  } catch {
    test = null;
  }
  if (test) {
    md.push('## Test set', '', `- examples: ${test.examples}`, `- loss: ${test.loss.toFixed(4)}`);
    md.push(`- accuracy: ${(test.accuracy * 100).toFixed(2)} %`, `- mean per-class accuracy: ${(test.meanPerClassAccuracy * 100).toFixed(2)} %`, '');
    if (test.batchNormRecalibration) {
      md.push(
        `Batch-norm statistics were re-estimated from ${test.batchNormRecalibration} training images before testing; the validation figures above use the moving averages training left.`,
        '',
      );
    }
    if (test.predictions && test.labels) {
      const matrix = confusionMatrix(test.predictions, test.labels, { classes: test.classes });
      await writeFile(join(plots, 'confusion-matrix.svg'), confusionMatrixSvg(matrix));
      md.push('![confusion matrix](plots/confusion-matrix.svg)', '');
    }
  }
  if (extras.samples && extras.samples.length > 0) {
    await writeFile(join(plots, 'sr-samples.png'), samplesPng(extras.samples));
    md.push('## SR samples', '', extras.sampleTitles ?? '', '', '![SR samples](plots/sr-samples.png)', '');
  }
  if (extras.figures && extras.figures.length > 0) {
    md.push('## Figures', '');
    for (const figure of extras.figures) md.push(`![${figure.title}](${figure.file})`, `*${figure.title}*`, '');
  }
  const file = join(runDir, 'report.md');
  let text = `${md.join('\n')}\n`;
  const reproduction = await readFile(join(runDir, 'reproduction.json'), 'utf8').catch(() => null);
  if (reproduction !== null) text = withReproductionSection(text, JSON.parse(reproduction) as ReproductionRecord);
  await writeFile(file, text);
  return file;
}

import { markdownTable } from 'markdown-table';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { confusionMatrix, confusionMatrixSvg, encodePng, escapeXml, svgDocument, svgLinePlot, svgToPng } from '@lowres/metrics';
import type { EpochRecord } from '@lowres/engine';
import { SR_QUALITY_FILE, SR_SPECTRUM_PLOT, type SrQuality, srQualityMarkdown, srSpectrumSvg } from './sr-quality';

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
  /** Whether the validation figures were measured the way the test was (same batch-norm statistics). */
  validationMeasuredLikeTest?: boolean;
  /** The checkpoint holding the scored model. */
  model?: string | null;
  /** Class names, in index order. */
  classNames?: string[];
}

/** One row of SR sample images: each panel is float32 HWC in [0, 1] of the same channel count. */
export interface SampleRow {
  panels: { title: string; pixels: Float32Array; height: number; width: number }[];
  channels: number;
}

/** Smallest side, in pixels, a sample panel is enlarged to (nearest neighbour) so that 14×14 inputs stay visible. */
const MINIMUM_PANEL = 96;
/** Height of the column-title band above the panels. */
const TITLE_BAND = 16;

/**
 * Tiles rows of panels into one PNG: every panel enlarged by an integer factor (nearest neighbour)
 * to at least {@link MINIMUM_PANEL} pixels, 2-pixel white gaps, and the panels' titles above their columns.
 */
export function samplesPng(rows: readonly SampleRow[]): Uint8Array {
  const largest = Math.max(...rows.flatMap((row) => row.panels.map((panel) => Math.max(panel.height, panel.width))));
  const target = largest * Math.ceil(MINIMUM_PANEL / largest);
  const factor = (panel: SampleRow['panels'][number]) => Math.max(1, Math.floor(target / Math.max(panel.height, panel.width)));
  const panelHeight = Math.max(...rows.flatMap((row) => row.panels.map((panel) => panel.height * factor(panel))));
  const panelWidth = Math.max(...rows.flatMap((row) => row.panels.map((panel) => panel.width * factor(panel))));
  const columns = Math.max(...rows.map((row) => row.panels.length));
  const gap = 2;
  const width = columns * (panelWidth + gap) - gap;
  const height = TITLE_BAND + rows.length * (panelHeight + gap) - gap;
  const pixels = new Uint8Array(width * height * 4).fill(255);
  rows.forEach((row, r) => {
    row.panels.forEach((panel, c) => {
      const scale = factor(panel);
      for (let y = 0; y < panel.height * scale; y++) {
        for (let x = 0; x < panel.width * scale; x++) {
          const source = (Math.floor(y / scale) * panel.width + Math.floor(x / scale)) * row.channels;
          const level = (k: number) => Math.round(Math.min(1, Math.max(0, panel.pixels[source + (row.channels === 1 ? 0 : k)]!)) * 255);
          const target = ((TITLE_BAND + r * (panelHeight + gap) + y) * width + c * (panelWidth + gap) + x) * 4;
          pixels.set([level(0), level(1), level(2)], target);
        }
      }
    });
  });
  const image = Buffer.from(encodePng(pixels, width, height, 4)).toString('base64');
  const titles = (rows[0]?.panels ?? []).map(
    (panel, c) =>
      `<text x="${c * (panelWidth + gap) + panelWidth / 2}" y="${TITLE_BAND / 2}" text-anchor="middle" dominant-baseline="central">${escapeXml(panel.title)}</text>`,
  );
  return svgToPng(svgDocument(width, height, [`<image width="${width}" height="${height}" href="data:image/png;base64,${image}"/>`, ...titles], 11));
}

/** What the curves and the test figures measure, so that they are read as comparable or not. */
function explanation(history: readonly EpochRecord[], test: TestSummary | null): string[] {
  const lines = [
    'Training loss and accuracy are running means over each epoch\'s batches, in training mode (dropout on, batch-norm using batch statistics).',
  ];
  if (history.some((record) => record.val_loss !== undefined)) {
    const recalibrated = test?.batchNormRecalibration ?? 0;
    lines.push(
      test?.validationMeasuredLikeTest && recalibrated > 0
        ? `Validation figures are measured after each epoch on held-out training images as the test set is: in inference mode, with batch-norm statistics re-estimated from ${recalibrated} training images (the final model's are re-estimated the same way).`
        : recalibrated > 0
          ? `Validation figures use the batch-norm moving averages training left, while the test used statistics re-estimated from ${recalibrated} training images: they are not comparable.`
          : 'Validation figures are measured after each epoch on held-out training images in inference mode, as the test set is.',
    );
  } else lines.push('There is no validation split (validationSplit 0), so only training curves are shown.');
  return [lines.join(' ')];
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
  let test: TestSummary | null = null;
  try {
    test = JSON.parse(await readFile(join(runDir, 'test-metrics.json'), 'utf8')) as TestSummary;
  } catch {
    test = null;
  }
  const md: string[] = [`# Training report`, '', `Run directory: \`${runDir}\``, '', ...explanation(history, test), ''];
  const validationName = (what: string) => `validation ${what}`;
  const phases = [...new Set(history.map((r) => r.phase))];
  for (const phase of phases) {
    const records = history.filter((r) => r.phase === phase);
    const lossFile = `plots/${phase}-loss.svg`;
    await writeFile(
      join(runDir, lossFile),
      svgLinePlot(
        [
          { name: 'train loss', points: curve(records, 'loss') },
          { name: validationName('loss'), points: curve(records, 'val_loss') },
        ].filter((series) => series.points.length > 0),
        { title: `${phase}: loss`, xLabel: 'epoch', yLabel: 'loss', integerX: true },
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
            { name: validationName('accuracy'), points: curve(records, 'val_accuracy') },
          ].filter((series) => series.points.length > 0),
          { title: `${phase}: accuracy`, xLabel: 'epoch', yLabel: 'accuracy', integerX: true },
        ),
      );
      md.push(`![${phase} accuracy](${accuracyFile})`, '');
    }
    const cell = (value: number | undefined) => (value === undefined ? '' : value.toFixed(4));
    const rows = records.map((r) => [String(r.epoch + 1), r.learningRate.toPrecision(3), cell(r.loss), cell(r.accuracy), cell(r.val_loss), cell(r.val_accuracy)]);
    md.push(markdownTable([['epoch', 'lr', 'loss', 'accuracy', 'val loss', 'val accuracy'], ...rows], { alignDelimiters: false }), '');
  }
  if (test) {
    md.push('## Test set', '', `- examples: ${test.examples}`, `- loss: ${test.loss.toFixed(4)}`);
    md.push(`- accuracy: ${(test.accuracy * 100).toFixed(2)} %`, `- mean per-class accuracy: ${(test.meanPerClassAccuracy * 100).toFixed(2)} %`, '');
    if (test.model) md.push(`Scored model: \`${test.model}\` (what \`lowres eval\` and \`lowres upscale\` load).`, '');
    if (test.predictions && test.labels) {
      const matrix = confusionMatrix(test.predictions, test.labels, { classes: test.classes });
      const classNames = test.classNames?.length === test.classes ? { classNames: test.classNames } : {};
      await writeFile(join(plots, 'confusion-matrix.svg'), confusionMatrixSvg(matrix, { ...classNames, title: 'test set: true (rows) × predicted (columns)' }));
      md.push('![confusion matrix](plots/confusion-matrix.svg)', '');
    }
  }
  const srQuality = await readFile(join(runDir, SR_QUALITY_FILE), 'utf8').catch(() => null);
  if (srQuality !== null) {
    const quality = JSON.parse(srQuality) as SrQuality;
    const spectrum = srSpectrumSvg(quality);
    if (spectrum) await writeFile(join(runDir, SR_SPECTRUM_PLOT), spectrum);
    md.push(...srQualityMarkdown(quality, spectrum ? SR_SPECTRUM_PLOT : null));
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
  await writeFile(file, `${md.join('\n')}\n`);
  return file;
}

// Item 1's LR-Net curves side by side, one row per epoch, as a Markdown table on stdout and a plot of
// test accuracy against epoch (docs/reproductions/lrnet-torch-reference/test-accuracy.svg):
// - the PyTorch reference (lrnet-torch-reference/history.jsonl);
// - our engine on the same protocol, all 60,000 training images (lrnet-fashion-mnist-authors-run);
// - our seed 0 of the paper's stated protocol, 54,000 training images (lrnet-fashion-mnist-seed0);
// - the authors' published history (lrnet-torch-reference/authors-history.jsonl: training loss and
//   test accuracy from chart/fashion-mnist-history.csv of the authors' repository, AshkanGanj/LR-Net).
// Our runs' training figures come from their metrics.jsonl, their test figures from the test curve
// scripts/test-curve.sh scored beside them (test-curve.jsonl). Missing files leave blank cells.
//
//   pnpm exec tsx --conditions @lowres/source scripts/lrnet-reference-report.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PlotSeries, svgLinePlot } from '@lowres/metrics';

const DOCS = new URL('../docs/reproductions/', import.meta.url).pathname;

type EpochRecord = Record<string, number | string | null>;

/** A JSON-lines file's records keyed by epoch; empty when the file is missing. */
function byEpoch(path: string): Map<number, EpochRecord> {
  let text: string;
  try {
    text = readFileSync(join(DOCS, path), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const records = text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as EpochRecord);
  return new Map(records.map((record) => [Number(record.epoch), record]));
}

/** One curve: where its training loss, test accuracy and test loss are kept. */
interface Curve {
  label: string;
  train: Map<number, EpochRecord>;
  test: Map<number, EpochRecord>;
  testAccuracy: string;
  testLoss: string | null;
}

/** A history that holds both its training and its test figures, one record per epoch. */
function history(label: string, file: string, testLoss: string | null): Curve {
  const records = byEpoch(file);
  return { label, train: records, test: records, testAccuracy: 'test_accuracy', testLoss };
}

/** One of our runs: training figures from its metrics, test figures from its test curve. */
function ourRun(label: string, run: string): Curve {
  return { label, train: byEpoch(`${run}/metrics.jsonl`), test: byEpoch(`${run}/test-curve.jsonl`), testAccuracy: 'accuracy', testLoss: 'loss' };
}

const reference = history('PyTorch', 'lrnet-torch-reference/history.jsonl', 'test_loss');
const authors = history('authors', 'lrnet-torch-reference/authors-history.jsonl', null);
const curves: Curve[] = [reference, ourRun('ours, 60k', 'lrnet-fashion-mnist-authors-run'), ourRun('ours, seed 0', 'lrnet-fashion-mnist-seed0'), authors];

/** A table cell: the record's value scaled and rounded, blank when missing. */
function cell(record: EpochRecord | undefined, key: string | null, scale = 1, digits = 3): string {
  const value = key === null ? undefined : record?.[key];
  return typeof value === 'number' ? (value * scale).toFixed(digits) : '';
}

// The 17 epochs of the authors' protocol (seed 0 ran on to epoch 38 under early stopping).
const epochs = [...new Set([reference, authors].flatMap((curve) => [...curve.train.keys()]))].sort((a, b) => a - b);
const withLoss = curves.filter((curve) => curve.testLoss !== null);
const header = [
  'epoch',
  ...curves.map((curve, index) => (index === 0 ? `train loss: ${curve.label}` : curve.label)),
  ...curves.map((curve, index) => (index === 0 ? `test accuracy %: ${curve.label}` : curve.label)),
  ...withLoss.map((curve, index) => (index === 0 ? `test loss: ${curve.label}` : curve.label)),
];
const lines = [`| ${header.join(' | ')} |`, `|${' - |'.repeat(header.length)}`];
for (const epoch of epochs) {
  const cells = [
    String(epoch),
    ...curves.map((curve) => cell(curve.train.get(epoch), 'loss')),
    ...curves.map((curve) => cell(curve.test.get(epoch), curve.testAccuracy, 100, 2)),
    ...withLoss.map((curve) => cell(curve.test.get(epoch), curve.testLoss)),
  ];
  lines.push(`| ${cells.join(' | ')} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);

// From epoch 1: epoch 0's figures (58–73 %) would flatten the rest of the plot.
const series: PlotSeries[] = curves.map((curve) => ({
  name: curve.label,
  points: epochs.filter((epoch) => epoch >= 1).map((epoch) => ({ x: epoch, y: Number(curve.test.get(epoch)?.[curve.testAccuracy] ?? Number.NaN) * 100 })),
}));
const plot = join(DOCS, 'lrnet-torch-reference/test-accuracy.svg');
writeFileSync(plot, svgLinePlot(series, { title: 'LR-Net, Fashion-MNIST: test accuracy by epoch', width: 640, xLabel: 'epoch', yLabel: 'test accuracy %', integerX: true }));
process.stderr.write(`wrote ${plot}\n`);

import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';
import { accumulateConfusion, emptyConfusionMatrix } from './confusion-matrix';
import {
  checkClassCount,
  checkSameLength,
  type LabelsInput,
  type PredictionsInput,
  readLabelledPredictions,
  readLabels,
  readScores,
  type ScoresInput,
} from './inputs';
import { type ClassificationSummary, summarizeConfusionMatrix } from './summary';
import { checkTopK, rankOfLabel } from './top-k';

/** A metric accumulated over batches: `update` per batch, `compute` at any time, `reset` to start over. */
export interface StreamingMetric<Batch extends unknown[], Result> {
  update(...batch: Batch): void;
  compute(): Result;
  reset(): void;
}

function noSamples(metric: string): never {
  throw new InvalidArgumentError('update', `${metric}: compute() called before any sample was added`);
}

/**
 * Accuracy over many batches. Reads each batch's tensors to the CPU and keeps only counts, so it
 * neither creates nor holds tensors; the caller still owns (and disposes) what it passes in.
 */
export class StreamingAccuracy implements StreamingMetric<[PredictionsInput, LabelsInput], number> {
  private correct = 0;
  private seen = 0;

  /** Adds one batch of predictions (scores or indices) and labels. */
  update(predictions: PredictionsInput, labels: LabelsInput): void {
    const read = readLabelledPredictions(predictions, labels);
    for (let i = 0; i < read.labels.length; i += 1) if (read.predicted[i] === read.labels[i]) this.correct += 1;
    this.seen += read.labels.length;
  }

  /** Accuracy over every sample added since the last reset. */
  compute(): number {
    if (this.seen === 0) noSamples('StreamingAccuracy');
    return this.correct / this.seen;
  }

  /** Forgets every sample. */
  reset(): void {
    this.correct = 0;
    this.seen = 0;
  }
}

/** Top-k accuracy over many batches of scores (ties: lower class index first). */
export class StreamingTopK implements StreamingMetric<[ScoresInput, LabelsInput], number> {
  private hits = 0;
  private seen = 0;

  /** @param k how many of the highest scores count as a hit. */
  constructor(readonly k = 5) {
    requirePositiveInteger('k', k);
  }

  /** Adds one batch of scores [N, C] and labels. */
  update(scores: ScoresInput, labels: LabelsInput): void {
    const matrix = readScores(scores, 'scores');
    checkTopK(this.k, matrix.columns);
    const truth = readLabels(labels, 'labels', matrix.columns);
    checkSameLength({ length: matrix.rows }, truth);
    for (let r = 0; r < truth.length; r += 1) if (rankOfLabel(matrix, r, truth[r]!) < this.k) this.hits += 1;
    this.seen += truth.length;
  }

  /** Top-k accuracy over every sample added since the last reset. */
  compute(): number {
    if (this.seen === 0) noSamples('StreamingTopK');
    return this.hits / this.seen;
  }

  /** Forgets every sample. */
  reset(): void {
    this.hits = 0;
    this.seen = 0;
  }
}

/**
 * Confusion matrix over many batches; `compute` derives accuracy, per-class accuracy and
 * precision / recall / F1 from it.
 */
export class StreamingConfusionMatrix
  implements StreamingMetric<[PredictionsInput, LabelsInput], ClassificationSummary>
{
  private counts: number[][];

  /** @param classes number of classes; every prediction and label must lie in [0, classes). */
  constructor(readonly classes: number) {
    checkClassCount(classes);
    this.counts = emptyConfusionMatrix(classes);
  }

  /** Adds one batch of predictions (scores or indices) and labels. */
  update(predictions: PredictionsInput, labels: LabelsInput): void {
    const read = readLabelledPredictions(predictions, labels, this.classes);
    accumulateConfusion(this.counts, read.predicted, read.labels);
  }

  /** Every classification metric over the samples added since the last reset. */
  compute(): ClassificationSummary {
    if (this.counts.every((row) => row.every((count) => count === 0))) noSamples('StreamingConfusionMatrix');
    return summarizeConfusionMatrix(this.counts);
  }

  /** Forgets every sample. */
  reset(): void {
    this.counts = emptyConfusionMatrix(this.classes);
  }
}

import { type LabelsInput, type PredictionsInput, readLabelledPredictions } from './inputs';

/** Options shared by the per-class metrics. */
export interface ClassCountOptions {
  /** Number of classes; defaults to the score / one-hot width, else the largest index seen plus one. */
  classes?: number;
}

/** Adds each (true, predicted) pair to a counts matrix in place. */
export function accumulateConfusion(counts: number[][], predicted: Int32Array, labels: Int32Array): void {
  for (let i = 0; i < labels.length; i += 1) counts[labels[i]!]![predicted[i]!]! += 1;
}

/** An all-zero classes × classes matrix. */
export function emptyConfusionMatrix(classes: number): number[][] {
  return Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
}

/** Counts matrix [trueClass][predictedClass] of the given predictions. */
export function confusionMatrix(
  predictions: PredictionsInput,
  labels: LabelsInput,
  options: ClassCountOptions = {},
): number[][] {
  const read = readLabelledPredictions(predictions, labels, options.classes);
  const counts = emptyConfusionMatrix(read.classes);
  accumulateConfusion(counts, read.predicted, read.labels);
  return counts;
}

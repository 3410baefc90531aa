import { type ClassCountOptions, confusionMatrix } from './confusion-matrix';
import type { LabelsInput, PredictionsInput } from './inputs';
import { type ClassificationSummary, type ClassScores, summarizeConfusionMatrix } from './summary';

/** Mean per-class accuracy and the per-class values it averages. */
export interface PerClassAccuracy {
  /** Mean over classes with samples of (correct in class / samples in class). */
  readonly mean: number;
  /** Accuracy of each class; null for classes with no samples. */
  readonly perClass: (number | null)[];
  /** Classes with no samples, skipped in the mean. */
  readonly skippedClasses: number[];
}

/** Mean per-class accuracy (RACNN's metric); classes without samples are skipped and reported. */
export function perClassAccuracy(
  predictions: PredictionsInput,
  labels: LabelsInput,
  options: ClassCountOptions = {},
): PerClassAccuracy {
  const summary = summarizeConfusionMatrix(confusionMatrix(predictions, labels, options));
  return { mean: summary.perClassAccuracy, perClass: summary.classAccuracies, skippedClasses: summary.skippedClasses };
}

/** Precision, recall, F1 and support of every class, plus their macro averages. */
export function precisionRecallF1(
  predictions: PredictionsInput,
  labels: LabelsInput,
  options: ClassCountOptions = {},
): { perClass: ClassScores[]; macro: ClassificationSummary['macro'] } {
  const summary = summarizeConfusionMatrix(confusionMatrix(predictions, labels, options));
  return { perClass: summary.perClass, macro: summary.macro };
}

/** Every classification metric at once: accuracy, confusion matrix, per-class accuracy, P/R/F1. */
export function classificationReport(
  predictions: PredictionsInput,
  labels: LabelsInput,
  options: ClassCountOptions = {},
): ClassificationSummary {
  return summarizeConfusionMatrix(confusionMatrix(predictions, labels, options));
}

import { InvalidArgumentError } from '@lowres/core';

/** Precision, recall and F1 of one class; `null` where the ratio has a zero denominator. */
export interface ClassScores {
  /** tp / (tp + fp); null when the class was never predicted. */
  readonly precision: number | null;
  /** tp / (tp + fn), i.e. the class's accuracy; null when the class has no samples. */
  readonly recall: number | null;
  /** 2tp / (2tp + fp + fn); null only when the class was neither present nor predicted. */
  readonly f1: number | null;
  /** Number of samples whose true class is this one. */
  readonly support: number;
}

/** Every classification metric derived from one confusion matrix. */
export interface ClassificationSummary {
  /** counts[trueClass][predictedClass]. */
  readonly confusionMatrix: number[][];
  readonly samples: number;
  /** Fraction of samples whose predicted class equals the true class. */
  readonly accuracy: number;
  /** Mean over classes with samples of (correct in class / samples in class). */
  readonly perClassAccuracy: number;
  /** Per-class accuracy of each class; null for classes with no samples. */
  readonly classAccuracies: (number | null)[];
  /** Classes with no samples, left out of `perClassAccuracy`. */
  readonly skippedClasses: number[];
  readonly perClass: ClassScores[];
  /** Unweighted means over the classes where each score is defined. */
  readonly macro: { precision: number; recall: number; f1: number };
}

function meanDefined(values: (number | null)[]): number {
  const defined = values.filter((value): value is number => value !== null);
  return defined.length === 0 ? 0 : defined.reduce((sum, value) => sum + value, 0) / defined.length;
}

/** Derives accuracy, per-class accuracy and precision / recall / F1 from a square confusion matrix. */
export function summarizeConfusionMatrix(matrix: readonly (readonly number[])[]): ClassificationSummary {
  const classes = matrix.length;
  if (classes === 0) throw new InvalidArgumentError('matrix', 'confusion matrix has no classes');
  matrix.forEach((row, r) => {
    if (row.length !== classes) {
      throw new InvalidArgumentError('matrix', `row ${r} has ${row.length} entries; expected ${classes} (square matrix)`);
    }
    row.forEach((count, c) => {
      if (!Number.isInteger(count) || count < 0) {
        throw new InvalidArgumentError('matrix', `entry [${r}][${c}] is ${count}; expected a non-negative integer count`);
      }
    });
  });
  const support = matrix.map((row) => row.reduce((sum, count) => sum + count, 0));
  const predictedCounts = matrix[0]!.map((_, c) => matrix.reduce((sum, row) => sum + row[c]!, 0));
  const samples = support.reduce((sum, count) => sum + count, 0);
  if (samples === 0) throw new InvalidArgumentError('matrix', 'confusion matrix holds no samples');
  const correct = matrix.reduce((sum, row, c) => sum + row[c]!, 0);
  const perClass: ClassScores[] = matrix.map((row, c) => {
    const truePositives = row[c]!;
    const falseNegatives = support[c]! - truePositives;
    const falsePositives = predictedCounts[c]! - truePositives;
    const f1Denominator = 2 * truePositives + falsePositives + falseNegatives;
    return {
      precision: predictedCounts[c] === 0 ? null : truePositives / predictedCounts[c]!,
      recall: support[c] === 0 ? null : truePositives / support[c]!,
      f1: f1Denominator === 0 ? null : (2 * truePositives) / f1Denominator,
      support: support[c]!,
    };
  });
  const classAccuracies = perClass.map((scores) => scores.recall);
  return {
    confusionMatrix: matrix.map((row) => row.slice()),
    samples,
    accuracy: correct / samples,
    perClassAccuracy: meanDefined(classAccuracies),
    classAccuracies,
    skippedClasses: support.flatMap((count, c) => (count === 0 ? [c] : [])),
    perClass,
    macro: {
      precision: meanDefined(perClass.map((scores) => scores.precision)),
      recall: meanDefined(classAccuracies),
      f1: meanDefined(perClass.map((scores) => scores.f1)),
    },
  };
}

import { InvalidArgumentError } from '@lowres/core';
import { type LabelsInput, readLabels, readScores, type ScoreMatrix, type ScoresInput, checkSameLength } from './inputs';

/**
 * Rank of the true class among the scores of one row, 0 = best. Ties go to the lower class index,
 * exactly as argmax does, so top-1 equals accuracy.
 */
export function rankOfLabel(scores: ScoreMatrix, row: number, label: number): number {
  const offset = row * scores.columns;
  const target = scores.values[offset + label]!;
  let rank = 0;
  for (let c = 0; c < scores.columns; c += 1) {
    const value = scores.values[offset + c]!;
    if (value > target || (value === target && c < label)) rank += 1;
  }
  return rank;
}

/** Throws unless k is an integer in [1, classes]. */
export function checkTopK(k: number, classes: number): void {
  if (!Number.isInteger(k) || k < 1 || k > classes) {
    throw new InvalidArgumentError('k', `must be an integer in [1, ${classes}], got ${k}`);
  }
}

/** Fraction of samples whose true class is among the k highest scores (ties: lower index first). */
export function topK(scores: ScoresInput, labels: LabelsInput, k = 5): number {
  const matrix = readScores(scores, 'scores');
  checkTopK(k, matrix.columns);
  const truth = readLabels(labels, 'labels', matrix.columns);
  checkSameLength({ length: matrix.rows }, truth);
  if (truth.length === 0) throw new InvalidArgumentError('labels', 'no samples to measure top-k accuracy on');
  let hits = 0;
  for (let r = 0; r < truth.length; r += 1) if (rankOfLabel(matrix, r, truth[r]!) < k) hits += 1;
  return hits / truth.length;
}

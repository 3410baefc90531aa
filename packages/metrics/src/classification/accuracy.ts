import { InvalidArgumentError } from '@lowres/core';
import { type LabelsInput, type PredictionsInput, readLabelledPredictions } from './inputs';

/** Fraction of samples whose predicted class (argmax of scores, or given indices) equals the label. */
export function accuracy(predictions: PredictionsInput, labels: LabelsInput): number {
  const { predicted, labels: truth } = readLabelledPredictions(predictions, labels);
  if (truth.length === 0) throw new InvalidArgumentError('labels', 'no samples to measure accuracy on');
  let correct = 0;
  for (let i = 0; i < truth.length; i += 1) if (predicted[i] === truth[i]) correct += 1;
  return correct / truth.length;
}

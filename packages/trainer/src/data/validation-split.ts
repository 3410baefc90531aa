import { createRng } from '@lowres/core';
import { ConfigInvalidError } from '../errors';
import { type CheckedDataset, subsetDataset } from './image-dataset';

/** Splits off a seeded random `fraction` of the training set for validation. */
export function splitValidation(
  dataset: CheckedDataset,
  fraction: number,
  seed: number,
): { train: CheckedDataset; validation: CheckedDataset | null } {
  if (fraction <= 0) return { train: dataset, validation: null };
  const validationCount = Math.round(dataset.count * fraction);
  if (validationCount < 1 || validationCount >= dataset.count) {
    throw new ConfigInvalidError(
      'validationSplit',
      `${fraction} of ${dataset.count} images leaves ${validationCount} for validation and ${dataset.count - validationCount} for training`,
    );
  }
  const order = createRng(seed).permutation(dataset.count);
  return {
    train: subsetDataset(dataset, order.subarray(validationCount)),
    validation: subsetDataset(dataset, order.subarray(0, validationCount)),
  };
}

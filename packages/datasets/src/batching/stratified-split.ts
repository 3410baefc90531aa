import { InvalidArgumentError, createRng } from '@lowres/core';

/** Options of {@link stratifiedSplit}. */
export interface StratifiedSplitOptions {
  /** Fraction of each class that goes to validation, in (0, 1). */
  validationFraction: number;
  seed: number;
}

/** Train and validation indices (ascending) from {@link stratifiedSplit}. */
export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
}

/**
 * Splits indices 0..n-1 so that each class keeps round(fraction · classCount) items in
 * validation; which items is decided by the seed.
 */
export function stratifiedSplit(labels: ArrayLike<number>, options: StratifiedSplitOptions): SplitIndices {
  const { validationFraction, seed } = options;
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new InvalidArgumentError('validationFraction', `expected a number in (0, 1), got ${validationFraction}`);
  }
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label < 0) throw new InvalidArgumentError('labels', `label ${label} at index ${i} is not a class index`);
    let members = byClass.get(label);
    if (!members) {
      members = [];
      byClass.set(label, members);
    }
    members.push(i);
  }
  const rng = createRng(seed);
  const train: number[] = [];
  const validation: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = rng.shuffle(byClass.get(label) as number[]);
    const take = Math.round(validationFraction * members.length);
    validation.push(...members.slice(0, take));
    train.push(...members.slice(take));
  }
  const ascending = (values: number[]) => Int32Array.from(values).sort();
  return { train: ascending(train), validation: ascending(validation) };
}

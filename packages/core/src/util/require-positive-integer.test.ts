import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors';
import { requirePositiveInteger } from './require-positive-integer';

describe('requirePositiveInteger', () => {
  it('returns integers ≥ 1 unchanged', () => {
    expect(requirePositiveInteger('batch', 1)).toBe(1);
    expect(requirePositiveInteger('batch', 4096)).toBe(4096);
  });

  it('rejects zero, negatives, fractions, non-finite and non-numbers, naming the argument and value', () => {
    for (const value of [0, -3, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '4', undefined, null]) {
      expect(() => requirePositiveInteger('epochs', value)).toThrow(InvalidArgumentError);
    }
    expect(() => requirePositiveInteger('epochs', 2.5)).toThrow(/epochs.*expected a positive integer, got 2\.5/);
    const thrown = (() => {
      try {
        requirePositiveInteger('epochs', 0);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(InvalidArgumentError.isInstance(thrown)).toBe(true);
    expect((thrown as InvalidArgumentError).argument).toBe('epochs');
  });
});

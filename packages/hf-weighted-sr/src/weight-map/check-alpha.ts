import { InvalidArgumentError } from '@lowres/core';

/** Validates the band half-width α (a finite number ≥ 0) and returns it. */
export function checkAlpha(alpha: unknown, argument = 'alpha'): number {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) {
    throw new InvalidArgumentError(argument, `expected a finite number ≥ 0, got ${String(alpha)}`);
  }
  return alpha;
}

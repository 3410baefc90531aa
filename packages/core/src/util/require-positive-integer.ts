import { InvalidArgumentError } from '../errors';

/** Returns `value` when it is an integer ≥ 1; otherwise throws InvalidArgumentError naming `argument`. */
export function requirePositiveInteger(argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(argument, `expected a positive integer, got ${String(value)}`);
  }
  return value;
}

import { InvalidArgumentError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { defaultOptions, parseOptions } from './options';

describe('parseOptions', () => {
  it('uses the defaults without flags', () => {
    expect(parseOptions([])).toEqual(defaultOptions);
  });

  it('applies --tiny, lets explicit flags win and ignores the `--` pnpm passes', () => {
    const options = parseOptions(['--', '--tiny', '--epochs', '2', '--backend', 'cpu', '--out', 'x']);
    expect(options).toMatchObject({ tiny: true, epochs: 2, train: 24, test: 8, backend: 'cpu', out: 'x' });
  });

  it('rejects numbers that are not positive integers with a typed error naming the flag', () => {
    expect(() => parseOptions(['--epochs', '0'])).toThrow(InvalidArgumentError);
    expect(() => parseOptions(['--train', '2.5'])).toThrow(/--train/);
    expect(() => parseOptions(['--batch', 'many'])).toThrow(/--batch/);
  });
});

import { InvalidArgumentError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { defaultOptions, parseOptions } from './options';

describe('parseOptions', () => {
  it('uses the defaults without flags', () => {
    expect(parseOptions([])).toEqual(defaultOptions);
  });

  it('applies --tiny, lets explicit flags win and ignores the `--` pnpm passes', () => {
    const options = parseOptions(['--', '--tiny', '--epochs', '3', '--width', '0.5', '--size', '40']);
    expect(options).toMatchObject({ tiny: true, epochs: 3, train: 8, width: 0.5, size: 40 });
  });

  it('parses comma-separated patch sizes and optimizers', () => {
    expect(parseOptions(['--patches', '9, 33', '--optimizers', 'adam'])).toMatchObject({ patches: [9, 33], optimizers: ['adam'] });
    expect(() => parseOptions(['--patches', '9,15'])).toThrow(/patches/);
    expect(() => parseOptions(['--optimizers', 'rmsprop'])).toThrow(/optimizers/);
  });

  it('rejects sizes below the largest receptive field and bad widths with typed errors', () => {
    expect(() => parseOptions(['--size', '32'])).toThrow(InvalidArgumentError);
    expect(() => parseOptions(['--width', '0'])).toThrow(/width/);
    expect(() => parseOptions(['--width', 'wide'])).toThrow(/--width/);
    expect(() => parseOptions(['--test', '2', '--heatmaps', '3'])).toThrow(/heatmaps/);
  });
});

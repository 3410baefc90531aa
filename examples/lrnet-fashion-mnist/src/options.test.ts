import { InvalidArgumentError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { defaultOptions, parseOptions } from './options';

describe('parseOptions', () => {
  it("defaults to the paper's recipe", () => {
    expect(parseOptions([])).toEqual(defaultOptions);
    expect(defaultOptions).toMatchObject({ epochs: 1000, patience: 30, batch: 128, width: 1 });
  });

  it('applies --tiny, lets explicit flags win and ignores the `--` pnpm passes', () => {
    expect(parseOptions(['--', '--tiny', '--epochs', '3', '--validation', '0.5'])).toMatchObject({
      tiny: true,
      epochs: 3,
      validation: 0.5,
      train: 16,
    });
  });

  it('rejects a missing validation split and malformed numbers with typed errors', () => {
    expect(() => parseOptions(['--validation', '0'])).toThrow(InvalidArgumentError);
    expect(() => parseOptions(['--patience', '-1'])).toThrow(/--patience/);
    expect(() => parseOptions(['--width', 'x'])).toThrow(/--width/);
    expect(() => parseOptions(['--epochs', '0'])).toThrow(/epochs/);
  });

  it('re-estimates batch-norm statistics only when --bn-recalibration asks (the paper keeps the moving averages)', () => {
    expect(defaultOptions.bnRecalibration).toBe(0);
    expect(parseOptions(['--bn-recalibration', '0']).bnRecalibration).toBe(0);
    expect(parseOptions(['--bn-recalibration', '256']).bnRecalibration).toBe(256);
    expect(() => parseOptions(['--bn-recalibration=-1'])).toThrow(InvalidArgumentError);
    expect(() => parseOptions(['--bn-recalibration', 'all'])).toThrow(/--bn-recalibration/);
  });
});

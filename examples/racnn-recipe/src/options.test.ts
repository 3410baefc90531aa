import { InvalidArgumentError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { defaultOptions, parseOptions } from './options';

describe('parseOptions', () => {
  it('uses the defaults without flags', () => {
    expect(parseOptions([])).toEqual(defaultOptions);
  });

  it('parses kebab-case flags, --tiny and the `--` pnpm passes', () => {
    expect(parseOptions(['--', '--tiny', '--pretrain-epochs', '3', '--learning-rate', '0.001'])).toMatchObject({
      tiny: true,
      pretrainEpochs: 3,
      learningRate: 0.001,
      train: 4,
    });
  });

  it('rejects malformed numbers with typed errors naming the flag', () => {
    expect(() => parseOptions(['--learning-rate', 'fast'])).toThrow(InvalidArgumentError);
    expect(() => parseOptions(['--learning-rate', '0'])).toThrow(/learningRate/);
    expect(() => parseOptions(['--pretrain-epochs', '1.5'])).toThrow(/--pretrain-epochs/);
  });

  it('re-estimates batch-norm statistics on 1024 training images unless --bn-recalibration says otherwise', () => {
    expect(defaultOptions.bnRecalibration).toBe(1024);
    expect(parseOptions(['--bn-recalibration', '0']).bnRecalibration).toBe(0);
    expect(parseOptions(['--bn-recalibration', '256']).bnRecalibration).toBe(256);
    expect(() => parseOptions(['--bn-recalibration=-1'])).toThrow(InvalidArgumentError);
    expect(() => parseOptions(['--bn-recalibration', 'all'])).toThrow(/--bn-recalibration/);
  });
});

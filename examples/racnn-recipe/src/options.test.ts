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
});

import { InvalidArgumentError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { classifierSetup, srSetup } from './main';
import { CLASSIFIER_NAMES, defaultOptions, parseOptions, SR_NAMES } from './options';

describe('parseOptions', () => {
  it('compares every front end with every back end by default', () => {
    expect(parseOptions([])).toEqual(defaultOptions);
    expect(defaultOptions.sr).toEqual(['none', 'bicubic', 'racnn', 'wdsr-a']);
    expect(defaultOptions.classifiers).toEqual(['lrnet', 'resnet18', 'bagnet9']);
  });

  it('parses comma-separated subsets, --tiny and the `--` pnpm passes', () => {
    expect(parseOptions(['--', '--sr', 'bicubic, racnn', '--classifiers', 'resnet18', '--tiny'])).toMatchObject({
      sr: ['bicubic', 'racnn'],
      classifiers: ['resnet18'],
      tiny: true,
      train: 4,
    });
  });

  it('rejects unknown plugin names and malformed numbers with typed errors', () => {
    expect(() => parseOptions(['--sr', 'bicubic,esrgan'])).toThrow(InvalidArgumentError);
    expect(() => parseOptions(['--classifiers', ''])).toThrow(/classifiers/);
    expect(() => parseOptions(['--batch', '0'])).toThrow(/batch/);
  });

  it('re-estimates batch-norm statistics on 1024 training images unless --bn-recalibration says otherwise', () => {
    expect(defaultOptions.bnRecalibration).toBe(1024);
    expect(parseOptions(['--bn-recalibration', '0']).bnRecalibration).toBe(0);
    expect(parseOptions(['--bn-recalibration', '256']).bnRecalibration).toBe(256);
    expect(() => parseOptions(['--bn-recalibration=-1'])).toThrow(InvalidArgumentError);
    expect(() => parseOptions(['--bn-recalibration', 'all'])).toThrow(/--bn-recalibration/);
  });
});

describe('plugin setups', () => {
  it('trains parameter-free front ends in classifier mode and the others end to end or staged', () => {
    const modes = SR_NAMES.map((name) => srSetup(name, defaultOptions).mode);
    expect(modes).toEqual(['classifier', 'classifier', 'end-to-end', 'staged']);
    expect(srSetup('wdsr-a', defaultOptions).pretrain).toEqual({ epochs: defaultOptions.epochs });
  });

  it('names registry plugins, with narrow widths only for --tiny', () => {
    expect(CLASSIFIER_NAMES.map((name) => classifierSetup(name, defaultOptions))).toEqual([
      { name: 'lrnet', options: {} },
      { name: 'resnet18', options: { smallInput: true } },
      { name: 'bagnet9', options: { width: 0.25 } },
    ]);
    expect(classifierSetup('lrnet', { ...defaultOptions, tiny: true })).toEqual({ name: 'lrnet', options: { width: 0.125, head: [16] } });
  });
});

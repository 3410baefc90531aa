import { InvalidArgumentError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from './default-registry';

/** One bad value per first-party plugin: [kind, name, options, what the error must say]. */
const badValues: [kind: 'sr' | 'classifier', name: string, options: Record<string, unknown>, expected: RegExp][] = [
  ['sr', 'bicubic', { scale: 1.5 }, /SR front end 'bicubic' option 'scale': .*expected int/],
  ['sr', 'racnn', { init: 'xavier' }, /SR front end 'racnn' option 'init': .*"gaussian"\|"pretrained"/],
  ['sr', 'racnn', { weights: 3 }, /SR front end 'racnn' option 'weights': expected a directory of pre-trained weights/],
  ['sr', 'srcnn', { variant: '9-3-5' }, /SR front end 'srcnn' option 'variant': .*"9-5-5"\|"9-1-5"/],
  ['sr', 'wdsr-a', { alpha: -0.2 }, /SR front end 'wdsr-a' option 'alpha': .*>=0/],
  ['sr', 'wdsr-a', { blocks: '8' }, /SR front end 'wdsr-a' option 'blocks': .*expected number, received string/],
  ['classifier', 'lrnet', { dropout: 1 }, /classifier 'lrnet' option 'dropout': .*<1/],
  ['classifier', 'lrnet', { head: [64, 0] }, /classifier 'lrnet' option 'head\.1': .*>0/],
  ['classifier', 'bagnet17', { width: 0 }, /classifier 'bagnet17' option 'width': .*>0/],
  ['classifier', 'resnet18', { smallInput: 'yes' }, /classifier 'resnet18' option 'smallInput': .*expected boolean/],
  ['classifier', 'preact-resnet164', { classesActivation: 'sigmoid' }, /classifier 'preact-resnet164' option 'classesActivation': .*"softmax"\|"linear"/],
  ['classifier', 'vgg16', { hiddenUnits: -4 }, /classifier 'vgg16' option 'hiddenUnits': .*>0/],
  ['classifier', 'inception-v3', { smallInput: 1 }, /classifier 'inception-v3' option 'smallInput': .*expected boolean/],
  ['classifier', 'alexnet', { dropout: -0.1 }, /classifier 'alexnet' option 'dropout': .*>=0/],
  ['classifier', 'googlenet', { batchNorm: 'true' }, /classifier 'googlenet' option 'batchNorm': .*expected boolean/],
];

const create = (kind: 'sr' | 'classifier', name: string, options: Record<string, unknown>) =>
  kind === 'sr' ? defaultRegistry.createSr(name, options) : defaultRegistry.createClassifier(name, options);

describe("first-party plugins' option schemas", () => {
  it('every entry but the option-free identity has a zod schema of its options', () => {
    const entries = { ...defaultRegistry.sr, ...defaultRegistry.classifiers };
    expect(Object.entries(entries).filter(([, entry]) => !entry.optionsSchema).map(([name]) => name)).toEqual(['none']);
  });

  it.each(badValues)('%s %s rejects %j, naming the plugin, the option and what it expects', (kind, name, options, expected) => {
    let caught: unknown;
    try {
      create(kind, name, options);
    } catch (error) {
      caught = error;
    }
    expect(InvalidArgumentError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(expected);
  });

  it('names an unknown nested option with what its object takes', () => {
    expect(() => defaultRegistry.createClassifier('lrnet', { filters: { a4: 8 } })).toThrow(
      /classifier 'lrnet' option 'filters\.a4': unknown option; 'lrnet' takes a3, a5, a7, .* in 'filters'\. Did you mean 'a3'\?/,
    );
  });

  it('hands the parsed options to the factory', () => {
    const front = defaultRegistry.createSr('racnn', { scale: 2, init: 'gaussian', residual: false, seed: 4 });
    expect(front).toMatchObject({ kind: 'sr', scale: 2, init: 'gaussian', residual: false });
    expect(defaultRegistry.createClassifier('bagnet9', { width: 0.25 }).name).toBe('bagnet9');
  });
});

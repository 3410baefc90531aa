import { InvalidArgumentError, UnknownPluginError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { DuplicatePluginError } from '../errors';
import { tinyClassifier, tinySr } from '../test-support/tiny-plugins';
import { closestName, editDistance } from '@lowres/core';
import { identitySr } from './identity-sr';
import { createRegistry, mergeRegistries } from './registry';

describe('editDistance', () => {
  it('matches hand-computed Levenshtein distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('tiny', 'tiny')).toBe(0);
    expect(editDistance('bicubic', 'bicbuic')).toBe(2);
  });
  it('suggests only plausible typos', () => {
    expect(closestName('tiny-sr81', ['tiny-sr18', 'plain16'])).toBe('tiny-sr18');
    expect(closestName('zzzzzzzz', ['tiny-sr18', 'plain16'])).toBeUndefined();
  });
});

describe('createRegistry', () => {
  const registry = createRegistry({
    sr: { none: identitySr, tiny: { description: 'tiny SR', create: (options) => tinySr(Number(options?.scale ?? 2)) } },
    classifiers: { tiny: tinyClassifier },
  });

  it('lists names in registration order and builds plugins with options', () => {
    expect(registry.srNames()).toEqual(['none', 'tiny']);
    expect(registry.classifierNames()).toEqual(['tiny']);
    expect(registry.createSr('tiny', { scale: 3 }).scale).toBe(3);
    expect(registry.createClassifier('tiny')).toBe(tinyClassifier);
  });

  it('rejects unknown names listing what is available, with a did-you-mean', () => {
    let error: unknown;
    try {
      registry.createSr('tiyn');
    } catch (caught) {
      error = caught;
    }
    expect(UnknownPluginError.isInstance(error)).toBe(true);
    expect((error as UnknownPluginError).available).toEqual(['none', 'tiny']);
    expect((error as Error).message).toContain("Did you mean 'tiny'?");
    expect(() => registry.createClassifier('toString')).toThrow(UnknownPluginError);
  });

  it('refuses options for fixed instances instead of ignoring them', () => {
    expect(() => registry.createClassifier('tiny', { width: 2 })).toThrow(InvalidArgumentError);
  });

  it('merges registries and rejects duplicate names', () => {
    const extra = createRegistry({ classifiers: { other: { ...tinyClassifier, name: 'other' } } });
    const merged = mergeRegistries(registry, extra);
    expect(merged.classifierNames()).toEqual(['tiny', 'other']);
    expect(registry.merge(extra).createClassifier('other').name).toBe('other');
    expect(() => merged.merge(createRegistry({ sr: { none: identitySr } }))).toThrow(DuplicatePluginError);
  });

  it('rejects a factory that returns the wrong kind', () => {
    const wrong = createRegistry({ sr: { bad: { description: 'bad', create: () => tinyClassifier as never } } });
    expect(() => wrong.createSr('bad')).toThrow(InvalidArgumentError);
  });
});

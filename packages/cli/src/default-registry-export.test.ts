import { describe, expect, it } from 'vitest';
import { defaultRegistry } from './index';

describe("@lowres/cli's defaultRegistry", () => {
  it('holds every first-party SR front end and classifier back end', () => {
    expect(defaultRegistry.srNames()).toEqual(expect.arrayContaining(['none', 'bicubic', 'racnn', 'wdsr-a']));
    expect(defaultRegistry.classifierNames()).toEqual(expect.arrayContaining(['lrnet', 'resnet18', 'bagnet9', 'bagnet17', 'bagnet33']));
  });

  it('builds a plugin by name', () => {
    expect(defaultRegistry.createClassifier('lrnet', { width: 0.125 }).kind).toBe('classifier');
  });
});

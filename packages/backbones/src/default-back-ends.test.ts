import { describe, expect, it } from 'vitest';
import { defaultBackEnds } from './default-back-ends';

describe('defaultBackEnds', () => {
  it('keys every back end by its name, with its minimum input', () => {
    for (const [key, backEnd] of Object.entries(defaultBackEnds)) {
      expect(backEnd.kind).toBe('classifier');
      expect(backEnd.name).toBe(key);
      expect(backEnd.minimumInput!.height).toBeGreaterThan(0);
    }
    expect(Object.keys(defaultBackEnds)).toEqual(['resnet18', 'preact-resnet164', 'vgg16', 'inception-v3', 'alexnet', 'googlenet']);
  });
});

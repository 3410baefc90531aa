import type { ClassifierBackEnd } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tinyClassifier } from '../test-support/tiny-plugins';
import { definePlugin } from './define-plugin';
import { createRegistry } from './registry';

const received: { width: number; label: string }[] = [];
const registry = createRegistry({
  classifiers: {
    sized: definePlugin({
      description: 'a classifier with a typed options schema',
      options: z.strictObject({ width: z.number().positive().prefault(1), label: z.string().prefault('none') }),
      create(options): ClassifierBackEnd {
        received.push(options);
        return { ...tinyClassifier, name: `sized-${options.width}` };
      },
    }),
  },
});

describe('definePlugin', () => {
  it('hands the factory the parsed options with their defaults', () => {
    expect(registry.createClassifier('sized', { width: 0.5 }).name).toBe('sized-0.5');
    expect(received.at(-1)).toEqual({ width: 0.5, label: 'none' });
    expect(registry.createClassifier('sized').name).toBe('sized-1');
  });

  it('lets the registry reject bad values and unknown names, naming the option', () => {
    expect(() => registry.createClassifier('sized', { width: -1 })).toThrow(/classifier 'sized' option 'width'/);
    expect(() => registry.createClassifier('sized', { width: 'wide' })).toThrow(/option 'width'/);
    expect(() => registry.createClassifier('sized', { widht: 2 })).toThrow(/option 'widht'.*Did you mean 'width'/);
  });
});

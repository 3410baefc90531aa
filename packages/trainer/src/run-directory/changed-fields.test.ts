import { describe, expect, it } from 'vitest';
import { changedFields } from './changed-fields';

describe('changedFields', () => {
  it('names every differing field by its dotted path', () => {
    expect(changedFields({ a: 1, b: { c: [1, 2], d: 'x' }, outDir: 'runs/a' }, { a: 1, b: { c: [1, 3], d: 'x' }, outDir: 'runs/b', e: true })).toEqual([
      'b.c',
      'outDir',
      'e',
    ]);
    expect(changedFields({ a: 1 }, { a: 1 })).toEqual([]);
    expect(changedFields(1, 2)).toEqual(['(root)']);
  });
});

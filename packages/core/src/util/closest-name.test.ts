import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closest-name';

/** Independent reference: the full dynamic-programming table, straight from the definition. */
function referenceDistance(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = table[i]!;
      const above = table[i - 1]!;
      row[j] = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return table[a.length]![b.length]!;
}

describe('editDistance', () => {
  it('has the textbook values', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('agrees with the full table on every pair of a word list, and is symmetric', () => {
    const words = ['', 'a', 'ab', 'ba', 'cifar-10', 'cifar-100', 'cifar10', 'mnist', 'kmnist', 'fashion-mnist', 'resnet18', 'resnet-18'];
    for (const a of words) {
      for (const b of words) {
        expect(editDistance(a, b)).toBe(referenceDistance(a, b));
        expect(editDistance(a, b)).toBe(editDistance(b, a));
      }
    }
  });
});

describe('closestName', () => {
  const names = ['cifar-10', 'cifar-100', 'fashion-mnist', 'mnist', 'kmnist'];

  it('suggests the nearest candidate, ignoring case', () => {
    expect(closestName('cifar10', names)).toBe('cifar-10');
    expect(closestName('Fashion_MNIST', names)).toBe('fashion-mnist');
    expect(closestName('mnsit', names)).toBe('mnist');
  });

  it('keeps the first of equally near candidates', () => {
    expect(closestName('cifar-1000', ['cifar-100', 'cifar-10'])).toBe('cifar-100');
    expect(closestName('ab', ['ax', 'ay'])).toBe('ax');
  });

  it('suggests nothing when every candidate is too far or there are none', () => {
    expect(closestName('imagenet', names)).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
    // 2 edits are always tolerated; a 12-letter name tolerates 4, but not 5.
    expect(closestName('mn', ['mnist'])).toBeUndefined();
    expect(closestName('abcdefghijkl', ['abcdefghWXYZ'])).toBe('abcdefghWXYZ');
    expect(closestName('abcdefghijkl', ['abcdefgVWXYZ'])).toBeUndefined();
  });
});

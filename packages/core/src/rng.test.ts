import { describe, expect, it } from 'vitest';
import { createRng } from './rng';

describe('createRng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it('restores a saved state exactly, including a pending normal sample', () => {
    const rng = createRng(7);
    rng.normal();
    const saved = rng.getState();
    const expected = [rng.normal(), rng.next(), rng.int(1000)];
    rng.setState(saved);
    expect([rng.normal(), rng.next(), rng.int(1000)]).toEqual(expected);
  });

  it('draws uniform floats in [0,1) with mean ≈ 0.5 and normals with mean ≈ 0, variance ≈ 1', () => {
    const rng = createRng(1);
    const n = 50_000;
    let sum = 0;
    let sumN = 0;
    let sumN2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      const z = rng.normal();
      sumN += z;
      sumN2 += z * z;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(sumN / n)).toBeLessThan(0.02);
    expect(Math.abs(sumN2 / n - 1)).toBeLessThan(0.03);
  });

  it('permutes every index exactly once', () => {
    const perm = createRng(3).permutation(1000);
    expect([...perm].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('rejects bad arguments with a typed error', () => {
    expect(() => createRng(Number.NaN)).toThrow(/seed/);
    expect(() => createRng(1).int(0)).toThrow(/positive integer/);
  });
});

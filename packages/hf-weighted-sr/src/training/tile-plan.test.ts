import { InvalidArgumentError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { planAxis } from './tile-plan';

describe('planAxis', () => {
  it('partitions the axis and keeps every cut at least overlap/2 away from both tile edges', () => {
    const problems: string[] = [];
    const check = (condition: boolean, what: string) => {
      if (!condition) problems.push(what);
    };
    for (let length = 1; length <= 30; length++) {
      for (let tile = 1; tile <= length; tile++) {
        for (let overlap = 0; overlap < tile; overlap++) {
          const tiles = planAxis(length, tile, overlap);
          const label = `length ${length}, tile ${tile}, overlap ${overlap}`;
          check(tiles[0]!.ownStart === 0 && tiles[tiles.length - 1]!.ownEnd === length, `${label}: ends`);
          tiles.forEach((current, index) => {
            check(current.start >= 0 && current.start + tile <= length, `${label}: tile ${index} inside`);
            check(current.start <= current.ownStart && current.ownEnd <= current.start + tile, `${label}: owns inside`);
            check(current.ownEnd > current.ownStart, `${label}: tile ${index} owns something`);
            const next = tiles[index + 1];
            if (next === undefined) return;
            check(next.ownStart === current.ownEnd, `${label}: contiguous at ${index}`);
            check(current.start + tile - next.start >= overlap, `${label}: overlap at ${index}`);
            const margin = Math.floor(overlap / 2);
            check(current.start + tile - current.ownEnd >= margin && next.ownStart - next.start >= margin, `${label}: margins at ${index}`);
          });
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses one tile when the tile covers the axis, and tiles of stride tile − overlap otherwise', () => {
    expect(planAxis(5, 5, 0)).toEqual([{ start: 0, ownStart: 0, ownEnd: 5 }]);
    expect(planAxis(10, 4, 1).map((tile) => tile.start)).toEqual([0, 3, 6]);
  });

  it('rejects tiles larger than the axis and overlaps not smaller than the tile', () => {
    expect(() => planAxis(4, 5, 0)).toThrow(InvalidArgumentError);
    expect(() => planAxis(10, 4, 4)).toThrow(/overlap/);
    expect(() => planAxis(10, 4, -1)).toThrow(/overlap/);
  });
});

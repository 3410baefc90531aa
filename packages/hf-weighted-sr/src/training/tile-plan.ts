import { InvalidArgumentError } from '@lowres/core';

/** One tile along one axis: where it starts and which part of the axis it is responsible for. */
export interface AxisTile {
  /** First input index covered by the tile. */
  start: number;
  /** First input index whose output this tile writes. */
  ownStart: number;
  /** One past the last input index whose output this tile writes. */
  ownEnd: number;
}

/**
 * Splits an axis of `length` into tiles of `tile` with at least `overlap` shared entries between
 * neighbours; the last tile is aligned with the end. Each tile owns the part of the axis up to the middle
 * of its overlaps, so with an overlap of at least twice the model's receptive-field radius the stitched
 * result has no seams.
 */
export function planAxis(length: number, tile: number, overlap: number): AxisTile[] {
  if (!Number.isInteger(tile) || tile <= 0 || tile > length) {
    throw new InvalidArgumentError('tileSize', `expected an integer in [1, ${length}], got ${tile}`);
  }
  if (!Number.isInteger(overlap) || overlap < 0 || (overlap >= tile && tile < length)) {
    throw new InvalidArgumentError('overlap', `expected an integer in [0, ${tile - 1}], got ${overlap}`);
  }
  const starts: number[] = [0];
  while (starts[starts.length - 1]! + tile < length) {
    starts.push(Math.min(starts[starts.length - 1]! + tile - overlap, length - tile));
  }
  return starts.map((start, index) => {
    const previous = starts[index - 1];
    const next = starts[index + 1];
    return {
      start,
      ownStart: previous === undefined ? 0 : Math.floor((start + previous + tile) / 2),
      ownEnd: next === undefined ? length : Math.floor((next + start + tile) / 2),
    };
  });
}

/** max |a − b| / max |b|: the error relative to the reference's scale (pointwise ratios blow up near zero). */
export function relativeError(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (actual.length !== reference.length) return Number.POSITIVE_INFINITY;
  let difference = 0;
  let scale = 1e-12;
  for (let i = 0; i < reference.length; i++) {
    difference = Math.max(difference, Math.abs((actual[i] as number) - (reference[i] as number)));
    scale = Math.max(scale, Math.abs(reference[i] as number));
  }
  return difference / scale;
}

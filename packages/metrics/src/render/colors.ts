/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

/** White → dark blue ramp for a value in [0, 1]. */
export function sequentialColor(value: number): Rgb {
  const t = Math.min(1, Math.max(0, value));
  return [Math.round(255 - t * (255 - 8)), Math.round(255 - t * (255 - 48)), Math.round(255 - t * (255 - 107))];
}

/** Black or white, whichever reads better on a {@link sequentialColor} of this value. */
export function textColorOn(value: number): Rgb {
  return value > 0.5 ? [255, 255, 255] : [0, 0, 0];
}

/** Distinct line colours for plot series, cycled. */
export const SERIES_COLORS: readonly Rgb[] = [
  [31, 119, 180],
  [214, 39, 40],
  [44, 160, 44],
  [255, 127, 14],
  [148, 103, 189],
  [140, 86, 75],
];

/** CSS rgb() notation of a colour. */
export function cssColor(color: Rgb): string {
  return `rgb(${color[0]},${color[1]},${color[2]})`;
}


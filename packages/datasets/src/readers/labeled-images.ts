/** Images held in memory as bytes: `count` images of height×width×channels, NHWC, row-major. */
export interface LabeledImages {
  /** Pixel bytes, count·height·width·channels long. */
  images: Uint8Array;
  /** One class index per image. */
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
}

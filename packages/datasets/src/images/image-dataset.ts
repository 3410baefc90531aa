/**
 * A labelled image set in memory, NHWC row-major: `count` images of height×width×channels and one
 * class index per image. Uint8 pixels are read as value/255; float pixels are used as they are
 * (expected in [0, 1]). This is the one labelled-image-set type of lowres: readers return it (as
 * {@link ByteImageDataset}), the trainer trains and evaluates on it.
 */
export interface ImageDataset {
  readonly images: Uint8Array | Float32Array;
  readonly labels: ArrayLike<number>;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  /** Defaults to images.length / (count × height × width). */
  readonly channels?: number;
  /** Number of classes; defaults to max(label) + 1. */
  readonly classes?: number;
  readonly classNames?: readonly string[];
}

/**
 * The {@link ImageDataset} that file readers return (`readIdx`, `loadMnistFamily`, `readCifar`): pixels
 * and labels as bytes, the channel count known. Bytes keep large sets compact (one byte per value).
 */
export interface ByteImageDataset extends ImageDataset {
  /** Pixel bytes, count·height·width·channels long. */
  readonly images: Uint8Array;
  /** One class index per image. */
  readonly labels: Uint8Array;
  readonly channels: number;
}

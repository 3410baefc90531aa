import { InvalidArgumentError } from '@lowres/core';
import type { ByteImageDataset } from '../images/image-dataset';

/** Random-access images of one fixed size, read as bytes on demand (in memory or decoded lazily). */
export interface ImageSource {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Class index per image. */
  readonly labels: ArrayLike<number>;
  /** Bytes (NHWC, row-major) of the requested images, concatenated in the order given. */
  read(indices: ArrayLike<number>): Promise<Uint8Array>;
}

/** Checks that every index lies in [0, count). */
export function checkIndices(indices: ArrayLike<number>, count: number, name = 'indices'): void {
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] as number;
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new InvalidArgumentError(name, `index ${index} at position ${i} is outside [0, ${count})`);
    }
  }
}

/** An {@link ImageSource} over images already in memory (e.g. from readIdx or readCifar). */
export function arraySource(data: ByteImageDataset): ImageSource {
  const { images, labels, count, height, width, channels } = data;
  const size = height * width * channels;
  if (images.length !== count * size) {
    throw new InvalidArgumentError('data.images', `expected ${count}×${height}×${width}×${channels} = ${count * size} bytes, got ${images.length}`);
  }
  if (labels.length !== count) throw new InvalidArgumentError('data.labels', `expected ${count} labels, got ${labels.length}`);
  return {
    count,
    height,
    width,
    channels,
    labels,
    async read(indices) {
      checkIndices(indices, count);
      const out = new Uint8Array(indices.length * size);
      for (let i = 0; i < indices.length; i++) {
        const start = (indices[i] as number) * size;
        out.set(images.subarray(start, start + size), i * size);
      }
      return out;
    },
  };
}

import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';
import { type ImageSource, checkIndices } from '../batching/image-source';
import { type ImageFileEntry, decodeImage } from './decode-image';

/** Options of {@link folderSource}. */
export interface FolderSourceOptions {
  /** Every image is resized (MATLAB bicubic, uint8) to [height, width]. */
  size: readonly [number, number];
  channels?: 1 | 3;
  /** Crop each image to its entry's bounding box first (RACNN protocol). Default false. */
  crop?: boolean;
  /** Images decoded in parallel. Default 4. */
  concurrency?: number;
}

/** An {@link ImageSource} that decodes image files only when a batch asks for them. */
export function folderSource(entries: readonly ImageFileEntry[], options: FolderSourceOptions): ImageSource {
  const { size, channels = 3, crop = false, concurrency = 4 } = options;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => Number.isInteger(v) && v > 0)) {
    throw new InvalidArgumentError('size', `expected [height, width] of positive integers, got ${JSON.stringify(size)}`);
  }
  requirePositiveInteger('concurrency', concurrency);
  const [height, width] = size;
  const imageSize = height * width * channels;
  const labels = Int32Array.from(entries, (e) => e.label);
  return {
    count: entries.length,
    height,
    width,
    channels,
    labels,
    async read(indices) {
      checkIndices(indices, entries.length);
      const out = new Uint8Array(indices.length * imageSize);
      let next = 0;
      const worker = async () => {
        while (next < indices.length) {
          const position = next++;
          const entry = entries[indices[position] as number] as ImageFileEntry;
          const image = await decodeImage(entry.file, { channels, size, ...(crop && entry.box ? { box: entry.box } : {}) });
          out.set(image.pixels, position * imageSize);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, indices.length) }, worker));
      return out;
    },
  };
}

import type { ImageDataset, ImageSource } from '@lowres/datasets';

/** Where decoding progress goes: a terminal gets one self-overwriting line, anything else a line per tenth. */
export type ProgressStream = { isTTY?: boolean; write(text: string): void };

/** Options of {@link decodeFolder}. */
export interface DecodeFolderOptions {
  /** Names the split in progress lines, e.g. 'cub-200-2011 train'. */
  what: string;
  progress?: ProgressStream | null;
  /** Images decoded per read (bounds the temporary memory besides the result). Default 64. */
  chunk?: number;
}

/**
 * Decodes every image of a lazily decoded folder source once into one compact NHWC byte array
 * (count × height × width × channels bytes: 5,994 CUB images at 227×227×3 are 0.93 GB), with labels.
 */
export async function decodeFolder(source: ImageSource, options: DecodeFolderOptions): Promise<ImageDataset & { channels: number }> {
  const { count, height, width, channels } = source;
  const chunk = options.chunk ?? 64;
  const size = height * width * channels;
  const images = new Uint8Array(count * size);
  const progress = options.progress ?? null;
  const step = Math.max(1, Math.ceil(count / 10));
  let reported = 0;
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    images.set(await source.read(Array.from({ length: end - start }, (_, i) => start + i)), start * size);
    if (!progress) continue;
    const line = `decoding ${options.what}: ${end}/${count} images (${height}×${width}×${channels})`;
    if (progress.isTTY) progress.write(`\r${line}${end === count ? '\n' : ''}`);
    else if (end === count || end - reported >= step) {
      progress.write(`${line}\n`);
      reported = end;
    }
  }
  return { images, labels: Int32Array.from(source.labels), count, height, width, channels };
}

import { DatasetFormatError, InvalidArgumentError } from '@lowres/core';
import { settleInOrder } from '../files/settle-in-order';
import type { ByteImageDataset } from '../images/image-dataset';
import { readMaybeGzipped } from './read-dataset-file';

/** IDX magic number of unsigned-byte images with 3 dimensions (count, rows, cols). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** IDX magic number of unsigned-byte labels with 1 dimension (count). */
export const IDX_LABELS_MAGIC = 0x00000801;

/** Options of {@link readIdx}. */
export interface ReadIdxOptions {
  /** Number of classes; every label must be below it. Default 10. */
  classes?: number;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

function parseHeader(file: string, bytes: Uint8Array, magic: number, dims: number): number[] {
  const headerLength = 4 + 4 * dims;
  if (bytes.length < headerLength) {
    throw new DatasetFormatError(file, `truncated: ${bytes.length} bytes, shorter than the ${headerLength}-byte IDX header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0, false);
  if (found !== magic) {
    throw new DatasetFormatError(file, `wrong magic number ${hex(found)}, expected ${hex(magic)}`);
  }
  const sizes = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const payload = sizes.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerLength;
  if (actual < payload) {
    throw new DatasetFormatError(file, `truncated: header [${sizes.join(', ')}] needs ${payload} data bytes, file has ${actual}`);
  }
  if (actual > payload) {
    throw new DatasetFormatError(file, `${actual - payload} unexpected trailing bytes after the ${payload} data bytes`);
  }
  return sizes;
}

/**
 * Reads an IDX image file (magic 2051) and label file (magic 2049), gzipped or raw (detected by
 * magic bytes). Checks magic numbers, byte lengths, matching counts and labels < classes.
 */
export async function readIdx(imagesFile: string, labelsFile: string, options: ReadIdxOptions = {}): Promise<ByteImageDataset> {
  const { classes = 10 } = options;
  if (!Number.isInteger(classes) || classes < 1 || classes > 256) {
    throw new InvalidArgumentError('classes', `expected an integer in [1, 256], got ${classes}`);
  }
  const [imageBytes, labelBytes] = await settleInOrder([readMaybeGzipped(imagesFile), readMaybeGzipped(labelsFile)]);
  const [count, height, width] = parseHeader(imagesFile, imageBytes, IDX_IMAGES_MAGIC, 3) as [number, number, number];
  const [labelCount] = parseHeader(labelsFile, labelBytes, IDX_LABELS_MAGIC, 1) as [number];
  if (labelCount !== count) {
    throw new DatasetFormatError(labelsFile, `${labelCount} labels but ${imagesFile} holds ${count} images`);
  }
  const labels = labelBytes.subarray(8);
  for (let i = 0; i < labels.length; i++) {
    if ((labels[i] as number) >= classes) {
      throw new DatasetFormatError(labelsFile, `label ${labels[i]} at index ${i} is out of range (classes: ${classes})`);
    }
  }
  return { images: imageBytes.subarray(16), labels, count, height, width, channels: 1 };
}

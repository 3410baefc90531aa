import { DatasetFormatError, DatasetNotFoundError, InvalidArgumentError, imresizePixels } from '@lowres/core';
import sharp from 'sharp';
import { pathExists } from '../files/path-exists';

/** An axis-aligned box in 0-based pixel coordinates. */
export interface BoundingBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** One labelled image file of a folder dataset. */
export interface ImageFileEntry {
  file: string;
  label: number;
  /** Object bounding box, where the dataset provides one. */
  box?: BoundingBox;
}

/** Options of {@link decodeImage}. */
export interface DecodeOptions {
  /** Output channels: 3 (RGB; grey images are expanded) or 1 (luminance). Default 3. */
  channels?: 1 | 3;
  /** Crop to this box before resizing. It must lie inside the image. */
  box?: BoundingBox;
  /** Resize to [height, width] with MATLAB-style bicubic imresize on uint8. */
  size?: readonly [number, number];
}

/** Decoded pixels, HWC bytes. */
export interface DecodedImage {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
}

/** Decodes a PNG/JPEG (any format sharp reads) to bytes, optionally cropping and resizing. */
export async function decodeImage(file: string, options: DecodeOptions = {}): Promise<DecodedImage> {
  const { channels = 3, box, size } = options;
  if (channels !== 1 && channels !== 3) throw new InvalidArgumentError('channels', `expected 1 or 3, got ${String(channels)}`);
  if (!(await pathExists(file))) throw new DatasetNotFoundError(file);
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    let image = sharp(file, { failOn: 'error' });
    if (box) {
      const meta = await image.metadata();
      const inside =
        Number.isInteger(box.left) && Number.isInteger(box.top) && box.left >= 0 && box.top >= 0 && box.width >= 1 && box.height >= 1 &&
        box.left + box.width <= (meta.width ?? 0) && box.top + box.height <= (meta.height ?? 0);
      if (!inside) {
        throw new DatasetFormatError(file, `bounding box ${JSON.stringify(box)} is not inside the ${meta.width}×${meta.height} image`);
      }
      image = image.extract(box);
    }
    image = channels === 1 ? image.removeAlpha().toColourspace('b-w') : image.removeAlpha().toColourspace('srgb');
    decoded = await image.raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (DatasetFormatError.isInstance(error)) throw error;
    throw new DatasetFormatError(file, `cannot decode image (${(error as Error).message})`, { cause: error });
  }
  const { info } = decoded;
  if (info.channels !== channels) throw new DatasetFormatError(file, `decoded to ${info.channels} channels, expected ${channels}`);
  let result: DecodedImage = { pixels: new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.length), height: info.height, width: info.width, channels };
  if (size && (size[0] !== info.height || size[1] !== info.width)) {
    const resized = imresizePixels(result.pixels, { height: info.height, width: info.width, channels }, { size });
    result = { pixels: resized.pixels, height: resized.height, width: resized.width, channels };
  }
  return result;
}

import { InvalidArgumentError } from '@lowres/core';
import { PNG } from 'pngjs';

const COLOR_TYPES = { 1: 0, 3: 2, 4: 6 } as const;

/**
 * Encodes 8-bit interleaved pixels (1 = gray, 3 = RGB, 4 = RGBA channels) as a PNG with maximum
 * compression: zlib level 9, default deflate strategy, adaptive per-row filter choice.
 */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: number): Uint8Array {
  const colorType = COLOR_TYPES[channels as keyof typeof COLOR_TYPES];
  if (colorType === undefined) {
    throw new InvalidArgumentError('channels', `PNG images need 1, 3 or 4 channels, got ${channels}`);
  }
  if (pixels.length !== width * height * channels) {
    throw new InvalidArgumentError('pixels', `expected ${width}×${height}×${channels} = ${width * height * channels} bytes, got ${pixels.length}`);
  }
  const image = { width, height, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.length) };
  return PNG.sync.write(image as PNG, {
    colorType,
    inputColorType: colorType,
    inputHasAlpha: channels === 4,
    bitDepth: 8,
    deflateLevel: 9,
    deflateStrategy: 0,
    filterType: -1,
  });
}

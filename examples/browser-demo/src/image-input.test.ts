import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { imageToRgba, pictureToInput } from './image-input';

describe('pictureToInput', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('makes a grey, resized float image of the pipeline input shape', async () => {
    // 4×4 picture: left half pure red, right half white.
    const rgba = new Uint8ClampedArray(4 * 4 * 4);
    for (let i = 0; i < 16; i++) rgba.set(i % 4 < 2 ? [255, 0, 0, 255] : [255, 255, 255, 255], i * 4);
    const image = await expectNoTensorLeaks(() => pictureToInput(rgba, 4, 4, { height: 2, width: 2, channels: 1 }), 'pictureToInput');
    expect([image.height, image.width, image.channels, image.pixels.length]).toEqual([2, 2, 1, 4]);
    // Red's luma is 0.299; antialiased bicubic blends a little of the white half into the left column.
    expect(image.pixels[0]).toBeGreaterThan(0.28);
    expect(image.pixels[0]).toBeLessThan(0.4);
    expect(image.pixels[1]).toBeGreaterThan(0.9);
    expect(image.pixels[2]).toBeCloseTo(image.pixels[0]!, 6);
    const red = new Uint8ClampedArray(16 * 4);
    for (let i = 0; i < 16; i++) red.set([255, 0, 0, 255], i * 4);
    expect(Array.from(pictureToInput(red, 4, 4, { height: 2, width: 2, channels: 1 }).pixels).map((v) => v.toFixed(3))).toEqual(['0.299', '0.299', '0.299', '0.299']);
  });

  it('keeps colour for three-channel inputs', () => {
    const rgba = new Uint8ClampedArray(2 * 2 * 4).fill(255);
    for (let i = 0; i < 4; i++) rgba[i * 4 + 2] = 0;
    const image = pictureToInput(rgba, 2, 2, { height: 2, width: 2, channels: 3 });
    expect(Array.from(image.pixels.subarray(0, 3)).map((v) => Math.round(v * 100) / 100)).toEqual([1, 1, 0]);
  });
});

describe('imageToRgba', () => {
  it('repeats a grey channel and sets full opacity', () => {
    const rgba = imageToRgba({ height: 1, width: 2, channels: 1, pixels: Float32Array.from([0, 0.5]) });
    expect(Array.from(rgba)).toEqual([0, 0, 0, 255, 128, 128, 128, 255]);
  });
});

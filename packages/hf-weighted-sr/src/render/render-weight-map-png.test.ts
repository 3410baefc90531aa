import { initBackend, ShapeMismatchError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import pngjs from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialWeightMap } from '../weight-map/initial-weight-map';
import { weightMap } from '../weight-map/weight-map';
import { renderWeightMapPng } from './render-weight-map-png';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Decoded pixels of one channel (pngjs always decodes to RGBA). */
function decodeChannel(png: Buffer, channel: number): number[] {
  const decoded = pngjs.PNG.sync.read(png);
  return Array.from({ length: decoded.width * decoded.height }, (_, index) => decoded.data[index * 4 + channel]!);
}

describe('renderWeightMapPng', () => {
  it('draws a binary map as black (0) and white (1)', () => {
    const map = tf.tensor3d([1, 0, 0, 1, 1, 0], [2, 3, 1]);
    const png = renderWeightMapPng(map);
    const decoded = pngjs.PNG.sync.read(png);
    expect([decoded.width, decoded.height]).toEqual([3, 2]);
    expect(decodeChannel(png, 0)).toEqual([255, 0, 0, 255, 255, 0]);
    map.dispose();
  });

  it('stretches a signed initial map from its minimum (black) to its maximum (white)', () => {
    const image = tf.tensor3d([0, 1, 0.5, 0.25], [2, 2, 1]);
    const initial = initialWeightMap(image);
    // Initial map: [-1, 1, 0.5, -0.75], drawn as round(255 · (v + 1) / 2).
    expect(Array.from(initial.dataSync())).toEqual([-1, 1, 0.5, -0.75]);
    expect(decodeChannel(renderWeightMapPng(initial), 0)).toEqual([0, 255, 191, 32]);
    tf.dispose([image, initial]);
  });

  it('writes three-channel maps as RGB and accepts [1,H,W,C] and an explicit range', () => {
    const image = tf.randomUniform([1, 4, 5, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const map = weightMap(image, { alpha: 1 / 5 });
    const png = renderWeightMapPng(map);
    const values = map.dataSync();
    for (let channel = 0; channel < 3; channel++) {
      expect(decodeChannel(png, channel)).toEqual(Array.from({ length: 20 }, (_, pixel) => values[pixel * 3 + channel]! * 255));
    }
    const half = renderWeightMapPng(tf.tensor2d([0, 1], [1, 2]), { range: [0, 2] });
    expect(decodeChannel(half, 0)).toEqual([0, 128]);
    tf.dispose([image, map]);
  });

  it('rejects shapes it cannot draw', () => {
    const twoChannels = tf.zeros([2, 2, 2]);
    expect(() => renderWeightMapPng(twoChannels)).toThrow(ShapeMismatchError);
    expect(() => renderWeightMapPng(tf.zeros([2, 2, 2, 1]))).toThrow(ShapeMismatchError);
    twoChannels.dispose();
  });
});

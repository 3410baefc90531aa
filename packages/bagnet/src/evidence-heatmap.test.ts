import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderEvidenceHeatmap } from './evidence-heatmap';

function pixel(png: PNG, row: number, column: number): number[] {
  const i = (row * png.width + column) * 4;
  return Array.from(png.data.subarray(i, i + 4));
}

describe('renderEvidenceHeatmap', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('draws supporting evidence red and opposing evidence blue over a grey image, at the image size', async () => {
    const image = tf.fill([8, 8, 3], 0.5) as tf.Tensor3D;
    // Class 1 evidence on a 2×2 patch grid: +2 top-left, -2 bottom-right, 0 elsewhere.
    const evidence = tf.tensor4d([[[[9, 2], [0, 0]], [[0, 0], [9, -2]]]]);
    const bytes = await expectNoTensorLeaks(() => renderEvidenceHeatmap(image, evidence, { classIndex: 1, opacity: 1 }), 'heatmap');
    const png = PNG.sync.read(Buffer.from(bytes));
    expect([png.width, png.height]).toEqual([8, 8]);
    expect(pixel(png, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(pixel(png, 7, 7)).toEqual([0, 0, 255, 255]);
    // Bilinear upsampling puts zero evidence on the anti-diagonal corners: the plain grey image.
    expect(pixel(png, 0, 7)).toEqual([128, 128, 128, 255]);
    tf.dispose([image, evidence]);
  });

  it('magnifies by an integer scale and keeps a grey image where evidence is zero', () => {
    const image = tf.tensor3d([[[0], [1]], [[1], [0]]]);
    const evidence = tf.zeros([1, 1, 3]) as tf.Tensor3D;
    const png = PNG.sync.read(Buffer.from(renderEvidenceHeatmap(image, evidence, { classIndex: 2, scale: 3 })));
    expect([png.width, png.height]).toEqual([6, 6]);
    expect(pixel(png, 0, 0)).toEqual([0, 0, 0, 255]);
    expect(pixel(png, 2, 5)).toEqual([255, 255, 255, 255]);
    expect(pixel(png, 5, 0)).toEqual([255, 255, 255, 255]);
    tf.dispose([image, evidence]);
  });

  it('rejects bad class indices, pixel ranges and shapes', () => {
    const image = tf.fill([4, 4, 1], 0.2) as tf.Tensor3D;
    const evidence = tf.zeros([2, 2, 3]) as tf.Tensor3D;
    expect(() => renderEvidenceHeatmap(image, evidence, { classIndex: 3 })).toThrow(/classIndex: expected an integer in \[0, 2\]/);
    expect(() => renderEvidenceHeatmap(image, evidence, { classIndex: 0, opacity: 2 })).toThrow(InvalidArgumentError);
    const bright = tf.fill([4, 4, 1], 1.5) as tf.Tensor3D;
    expect(() => renderEvidenceHeatmap(bright, evidence, { classIndex: 0 })).toThrow(/image: expected pixel values in \[0, 1\]/);
    const twoChannels = tf.zeros([4, 4, 2]) as tf.Tensor3D;
    expect(() => renderEvidenceHeatmap(twoChannels, evidence, { classIndex: 0 })).toThrow(ShapeMismatchError);
    const batch = tf.zeros([2, 2, 2, 3]) as tf.Tensor4D;
    expect(() => renderEvidenceHeatmap(image, batch, { classIndex: 0 })).toThrow(ShapeMismatchError);
    tf.dispose([image, evidence, bright, twoChannels, batch]);
  });
});

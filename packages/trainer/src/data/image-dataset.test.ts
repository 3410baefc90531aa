import { describe, expect, it } from 'vitest';
import { quadrantDataset } from '../test-support/tiny-plugins';
import { checkDataset, gatherPixels, subsetDataset } from './image-dataset';
import { splitValidation } from './validation-split';

describe('subsetDataset', () => {
  it('keeps byte images as bytes (a quarter of float32) in the order asked, and batches scale them by 1/255', () => {
    const dataset = checkDataset(quadrantDataset(6, 4, 3, 3), 'data');
    const subset = subsetDataset(dataset, [5, 0, 2]);
    expect(subset.images).toBeInstanceOf(Uint8Array);
    expect(subset.count).toBe(3);
    const size = 4 * 4 * 3;
    for (const [i, source] of [5, 0, 2].entries()) {
      expect(Array.from(subset.images.subarray(i * size, (i + 1) * size))).toEqual(Array.from(dataset.images.subarray(source * size, (source + 1) * size)));
      expect(subset.labels[i]).toBe(dataset.labels[source]);
    }
    const pixels = gatherPixels(subset, [1]);
    for (const [k, value] of pixels.entries()) expect(value).toBeCloseTo(dataset.images[k]! / 255, 7);
  });

  it('keeps float images as float32, and a validation split of bytes stays bytes', () => {
    const floats = checkDataset({ images: Float32Array.from({ length: 3 * 4 }, (_, i) => i / 12), labels: [0, 1, 0], count: 3, height: 2, width: 2 }, 'data');
    const subset = subsetDataset(floats, [2]);
    expect(subset.images).toBeInstanceOf(Float32Array);
    expect(Array.from(subset.images)).toEqual(Array.from(floats.images.subarray(8, 12)));
    const { train, validation } = splitValidation(checkDataset(quadrantDataset(10, 4), 'data'), 0.2, 1);
    expect(train.images).toBeInstanceOf(Uint8Array);
    expect(validation?.images).toBeInstanceOf(Uint8Array);
    expect(train.count + (validation?.count ?? 0)).toBe(10);
  });
});

import { DatasetFormatError, InvalidArgumentError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { checkDataset } from '../data/image-dataset';
import { parsePipelineSamples, pipelineSamples } from './pipeline-samples';

const dataset = checkDataset({ images: Uint8Array.from([0, 255, 51, 102, 7, 8, 9, 10, 11, 12, 13, 14]), labels: [1, 0, 1], count: 3, height: 2, width: 2, channels: 1 }, 'test');

describe('pipelineSamples', () => {
  it('keeps the first images as [0, 1] floats with their labels, and parses back', () => {
    const samples = pipelineSamples(dataset, 2);
    expect(samples.shape).toEqual({ height: 2, width: 2, channels: 1 });
    expect(samples.images.map((image) => image.label)).toEqual([1, 0]);
    expect(samples.images[0]!.pixels).toEqual([0, 1, 0.2, 0.4]);
    expect(parsePipelineSamples(JSON.parse(JSON.stringify(samples)), 'samples.json')).toEqual(samples);
  });

  it('rejects a bad count and files whose images do not fit their shape', () => {
    expect(() => pipelineSamples(dataset, 0)).toThrow(InvalidArgumentError);
    const broken = { shape: { height: 2, width: 2, channels: 1 }, images: [{ label: 0, pixels: [0, 1] }] };
    expect(() => parsePipelineSamples(broken, 'samples.json')).toThrow(/samples\.json: image 0 has 2 pixels, the shape needs 4/);
    expect(() => parsePipelineSamples({ images: [] }, 'samples.json')).toThrow(DatasetFormatError);
  });
});

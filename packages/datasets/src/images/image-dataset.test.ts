import { describe, expect, expectTypeOf, it } from 'vitest';
import type { loadMnistFamily } from '../readers/mnist-family';
import type { readCifar } from '../readers/cifar';
import type { readIdx } from '../readers/idx';
import type { ByteImageDataset, ImageDataset } from './image-dataset';

describe('the labelled-image-set vocabulary', () => {
  it('readers return ByteImageDataset, a narrowing of ImageDataset (checked by the type checker)', () => {
    expectTypeOf<ByteImageDataset>().toMatchTypeOf<ImageDataset>();
    expectTypeOf<Awaited<ReturnType<typeof readIdx>>>().toEqualTypeOf<ByteImageDataset>();
    expectTypeOf<Awaited<ReturnType<typeof loadMnistFamily>>>().toEqualTypeOf<ByteImageDataset>();
    expectTypeOf<Awaited<ReturnType<typeof readCifar>>>().toMatchTypeOf<ImageDataset>();
    expectTypeOf<ImageDataset>().not.toMatchTypeOf<ByteImageDataset>();
  });

  it('accepts float pixels and any numeric labels, with channels and classes optional', () => {
    const floats: ImageDataset = { images: new Float32Array(8), labels: [0, 1], count: 2, height: 2, width: 2 };
    expect(floats.channels).toBeUndefined();
    expectTypeOf(floats.images).toEqualTypeOf<Uint8Array | Float32Array>();
  });
});

import type { ImageDataset } from '@lowres/trainer';

/** A learnable test set of `count` square images: class k (of 4) is bright in quadrant k. */
export function quadrantImages(count: number, size = 8, channels = 1): ImageDataset {
  const images = new Uint8Array(count * size * size * channels);
  const labels = Uint8Array.from({ length: count }, (_, n) => n % 4);
  const half = size / 2;
  images.forEach((_, index) => {
    const pixel = Math.floor(index / channels) % (size * size);
    const label = labels[Math.floor(index / (channels * size * size))]!;
    const [y, x] = [Math.floor(pixel / size), pixel % size];
    images[index] = (y < half) === label < 2 && (x < half) === (label % 2 === 0) ? 200 : 30 + (index % 17);
  });
  return { images, labels, count, height: size, width: size, channels, classes: 4 };
}

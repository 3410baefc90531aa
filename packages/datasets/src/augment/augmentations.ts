import { InvalidArgumentError, ShapeMismatchError, createRng } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { dihedral } from './dihedral';

function checkBatch(images: tf.Tensor, what: string): asserts images is tf.Tensor4D {
  if (images.rank !== 4) throw new ShapeMismatchError(what, '[batch, height, width, channels]', images.shape);
}

/** Options of {@link padAndRandomCrop}. */
export interface PadCropOptions {
  /** Pixels of zero padding on each side; the crop is back to the original size. */
  padding: number;
  seed: number;
}

/** Zero-pads every image by `padding` and crops it back at a seeded random offset (CIFAR-style). */
export function padAndRandomCrop(images: tf.Tensor4D, options: PadCropOptions): tf.Tensor4D {
  checkBatch(images, 'padAndRandomCrop images');
  const { padding, seed } = options;
  if (!Number.isInteger(padding) || padding < 0) throw new InvalidArgumentError('padding', `expected a non-negative integer, got ${padding}`);
  const [n, h, w, c] = images.shape;
  const rng = createRng(seed);
  return tf.tidy(() => {
    const padded = tf.pad(images, [
      [0, 0],
      [padding, padding],
      [padding, padding],
      [0, 0],
    ]);
    const crops = Array.from({ length: n }, (_, i) =>
      tf.slice(padded, [i, rng.int(2 * padding + 1), rng.int(2 * padding + 1), 0], [1, h, w, c]),
    );
    return tf.concat(crops, 0) as tf.Tensor4D;
  });
}

/** Options of {@link randomHorizontalFlip} and {@link randomDihedral}. */
export interface RandomTransformOptions {
  seed: number;
  /** Chance that an image is flipped (randomHorizontalFlip only). Default 0.5. */
  probability?: number;
}

/** Flips each image left-right with the given probability, decided by the seed. */
export function randomHorizontalFlip(images: tf.Tensor4D, options: RandomTransformOptions): tf.Tensor4D {
  checkBatch(images, 'randomHorizontalFlip images');
  const { seed, probability = 0.5 } = options;
  if (!(probability >= 0 && probability <= 1)) throw new InvalidArgumentError('probability', `expected a number in [0, 1], got ${probability}`);
  const rng = createRng(seed);
  return tf.tidy(() => {
    const parts = tf.split(images, images.shape[0], 0).map((image) => (rng.next() < probability ? tf.reverse(image, 2) : image));
    return tf.concat(parts, 0) as tf.Tensor4D;
  });
}

/** Applies to each image one of the 8 dihedral transforms, chosen uniformly by the seed. */
export function randomDihedral(images: tf.Tensor4D, options: RandomTransformOptions): tf.Tensor4D {
  checkBatch(images, 'randomDihedral images');
  if (images.shape[1] !== images.shape[2]) {
    throw new ShapeMismatchError('randomDihedral images', 'square images (height = width)', images.shape);
  }
  const rng = createRng(options.seed);
  return tf.tidy(() => tf.concat(tf.split(images, images.shape[0], 0).map((image) => dihedral(image as tf.Tensor4D, rng.int(8))), 0) as tf.Tensor4D);
}

/** Per-image standardisation: (x − mean) / max(std, 1/√(h·w·c)), as tf.image.per_image_standardization. */
export function whiten(images: tf.Tensor4D): tf.Tensor4D {
  checkBatch(images, 'whiten images');
  const [, h, w, c] = images.shape;
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(images, [1, 2, 3], true);
    const std = tf.maximum(tf.sqrt(variance), 1 / Math.sqrt(h * w * c));
    return tf.div(tf.sub(images, mean), std) as tf.Tensor4D;
  });
}

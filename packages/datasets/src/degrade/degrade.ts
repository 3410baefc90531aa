import { InvalidArgumentError, ShapeMismatchError, imresize } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Options of {@link degrade}: give `scale` (down-scaling factor, e.g. 2 for ×1/2) or `size`. */
export interface DegradeOptions {
  /** Down-scaling factor > 0; the low-resolution size is ceil(n / scale), as MATLAB imresize(x, 1/scale). */
  scale?: number;
  /** Low-resolution [height, width] instead of a factor. */
  size?: readonly [number, number];
  /** Resampling kernel; MATLAB 'bicubic' (antialiased). */
  method?: 'bicubic';
  /** Resize back up: true → to the input size, [h, w] → to that size (e.g. RACNN's 227×227). */
  restore?: boolean | readonly [number, number];
  /** Clip float results to [0, 1] (default true); int32 results are always uint8-clipped. */
  clip?: boolean;
}

/**
 * Low-resolution versions of an image batch by MATLAB-style bicubic down-scaling, optionally
 * resized back up. float32 in [0,1] → float32; int32 holding bytes → int32 (MATLAB uint8 rounding).
 */
export function degrade(images: tf.Tensor4D, options: DegradeOptions): tf.Tensor4D {
  if (images.rank !== 4) throw new ShapeMismatchError('degrade images', '[batch, height, width, channels]', images.shape);
  const { scale, size, method = 'bicubic', restore = false, clip = true } = options;
  if ((scale === undefined) === (size === undefined)) throw new InvalidArgumentError('scale', 'give exactly one of `scale` or `size`');
  if (scale !== undefined && !(Number.isFinite(scale) && scale > 0)) {
    throw new InvalidArgumentError('scale', `expected a positive down-scaling factor, got ${scale}`);
  }
  const [, h, w] = images.shape;
  return tf.tidy(() => {
    let out = imresize(images, scale !== undefined ? { scale: 1 / scale, method } : { size: size as [number, number], method });
    if (restore !== false) {
      const target: [number, number] = restore === true ? [h, w] : [restore[0], restore[1]];
      out = imresize(out, { size: target, method });
    }
    return clip && out.dtype === 'float32' ? tf.clipByValue(out, 0, 1) : out;
  });
}

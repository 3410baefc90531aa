import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError } from '../errors';
import { imresizePixels } from './imresize-pixels';
import { type ResizeOptions, planResize } from './resize-plan';
import { resizeMatrix } from './resize-weights';

/** Multiplies the height axis of [N,H,W,C] by an outH×H matrix. */
function resizeHeight(x: tf.Tensor4D, matrix: tf.Tensor2D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const outH = matrix.shape[0];
  const flat = tf.reshape(tf.transpose(x, [0, 2, 3, 1]), [n * w * c, h]);
  const resized = tf.matMul(flat, matrix, false, true);
  return tf.transpose(tf.reshape(resized, [n, w, c, outH]), [0, 3, 1, 2]);
}

/** Multiplies the width axis of [N,H,W,C] by an outW×W matrix. */
function resizeWidth(x: tf.Tensor4D, matrix: tf.Tensor2D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const outW = matrix.shape[0];
  const flat = tf.reshape(tf.transpose(x, [0, 1, 3, 2]), [n * h * c, w]);
  const resized = tf.matMul(flat, matrix, false, true);
  return tf.transpose(tf.reshape(resized, [n, h, c, outW]), [0, 1, 3, 2]);
}

function resizeFloat(x: tf.Tensor4D, options: ResizeOptions): tf.Tensor4D {
  const [, height, width] = x.shape;
  const plan = planResize(height, width, options);
  return tf.tidy(() => {
    let current = x;
    for (const axis of plan.order) {
      const [, h, w] = current.shape;
      if (axis === 'height') {
        if (h === plan.outHeight && plan.scaleHeight === 1) continue;
        const m = resizeMatrix(h, plan.outHeight, plan.scaleHeight, plan.antialias);
        current = resizeHeight(current, tf.tensor2d(Float32Array.from(m), [plan.outHeight, h]));
      } else {
        if (w === plan.outWidth && plan.scaleWidth === 1) continue;
        const m = resizeMatrix(w, plan.outWidth, plan.scaleWidth, plan.antialias);
        current = resizeWidth(current, tf.tensor2d(Float32Array.from(m), [plan.outWidth, w]));
      }
    }
    return current === x ? tf.clone(x) : current;
  });
}

function resizeUint8(x: tf.Tensor4D, options: ResizeOptions): tf.Tensor4D {
  const [count, height, width, channels] = x.shape;
  const values = x.dataSync();
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= 0 && v <= 255)) {
      throw new InvalidArgumentError('image', `int32 images must hold uint8 values in [0, 255], found ${v}`);
    }
    bytes[i] = v;
  }
  const out = imresizePixels(bytes, { count, height, width, channels }, options);
  return tf.tensor4d(Int32Array.from(out.pixels), [count, out.height, out.width, channels], 'int32');
}

/**
 * MATLAB-style bicubic imresize of an NHWC batch or one HWC image.
 * float32 in → float32 out, unclipped (MATLAB on doubles), differentiable (matmuls with fixed matrices).
 * int32 holding uint8 values → int32, rounded and clipped to [0, 255] after each pass as MATLAB
 * does for uint8 (computed in float64 on the CPU; not differentiable).
 */
export function imresize<T extends tf.Tensor3D | tf.Tensor4D>(image: T, options: ResizeOptions): T {
  if (image.rank !== 3 && image.rank !== 4) {
    throw new ShapeMismatchError('imresize image', '[height, width, channels] or [batch, height, width, channels]', image.shape);
  }
  if (image.dtype !== 'float32' && image.dtype !== 'int32') {
    throw new InvalidArgumentError('image', `expected dtype float32 or int32, got ${image.dtype}`);
  }
  const batch = (image.rank === 3 ? tf.expandDims(image, 0) : image) as tf.Tensor4D;
  try {
    const out = image.dtype === 'int32' ? resizeUint8(batch, options) : resizeFloat(batch, options);
    if (image.rank === 4) return out as T;
    const single = tf.squeeze(out, [0]);
    out.dispose();
    return single as T;
  } finally {
    if (batch !== image) batch.dispose();
  }
}

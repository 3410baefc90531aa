import * as tf from '@tensorflow/tfjs';
import { type ConvBackpropAttributes, conv2dWithPadding } from './conv-padding';
import { withKernelCalls } from './kernel-calls';

/** Attributes of the Conv2DBackpropFilter kernel, as tfjs-core's conv2d gradient passes them. */
interface BackpropFilterAttributes extends ConvBackpropAttributes {
  filterShape: [number, number, number, number];
}

/**
 * Conv2DBackpropFilter as one forward Conv2D, so it runs on the backend's fast convolution:
 * dW[i,j,c,o] = Σ_{n,p,q} x[n, p·s + i − top, q·s + j − left, c] · dy[n,p,q,o]
 * is a convolution of x with channels and batch swapped ([C,H,W,N]) by dy as a filter
 * ([P,Q,N,O]) dilated by the forward stride, giving [C,kh,kw,O].
 * Handles NHWC with any stride and 'same' / 'valid' / explicit padding (dilation is always 1:
 * tfjs-core has no gradient for dilated convolutions).
 */
export function conv2dBackpropFilterViaConv2d(
  backendName: string,
  backend: unknown,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  attributes: BackpropFilterAttributes,
): tf.TensorInfo {
  const { strides, pad, dimRoundingMode, filterShape } = attributes;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const [filterHeight, filterWidth] = filterShape;
  const { strideHeight, strideWidth, outHeight, outWidth, inHeight, inWidth, padInfo } = info;
  return withKernelCalls(backendName, backend, (calls) => {
    const input = calls.run('Transpose', { x }, { perm: [3, 1, 2, 0] });
    const filter = calls.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const padding = {
      top: padInfo.top,
      left: padInfo.left,
      bottom: filterHeight + (outHeight - 1) * strideHeight - inHeight - padInfo.top,
      right: filterWidth + (outWidth - 1) * strideWidth - inWidth - padInfo.left,
    };
    const swapped = conv2dWithPadding(calls, input, filter, padding, [1, 1], [strideHeight, strideWidth]);
    return calls.run('Transpose', { x: swapped }, { perm: [1, 2, 0, 3] });
  });
}

import * as tf from '@tensorflow/tfjs';
import { type ConvBackpropAttributes, conv2dWithPadding } from './conv-padding';
import { withKernelCalls } from './kernel-calls';

/** Attributes of the Conv2DBackpropInput kernel, as tfjs-core's conv2d gradient passes them. */
interface BackpropInputAttributes extends ConvBackpropAttributes {
  inputShape: [number, number, number, number];
}

/**
 * Conv2DBackpropInput (also the forward pass of conv2dTranspose) as one forward Conv2D: dy with
 * stride−1 zeros inserted between its pixels, convolved with the filter rotated by 180° and its
 * in/out channels swapped. Handles NHWC with any stride and 'same' / 'valid' / explicit padding.
 */
export function conv2dBackpropInputViaConv2d(
  backendName: string,
  backend: unknown,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  attributes: BackpropInputAttributes,
): tf.TensorInfo {
  const { strides, pad, dimRoundingMode, inputShape } = attributes;
  const filterShape = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const [filterHeight, filterWidth] = filterShape;
  const { strideHeight, strideWidth, outHeight, outWidth, inHeight, inWidth, padInfo, batchSize } = info;
  const channels = dy.shape[3] as number;
  return withKernelCalls(backendName, backend, (calls) => {
    let spread = dy;
    if (strideHeight > 1 || strideWidth > 1) {
      const split = calls.run('Reshape', { x: dy }, { shape: [batchSize, outHeight, 1, outWidth, 1, channels] });
      const padded = calls.run(
        'PadV2',
        { x: split },
        {
          paddings: [
            [0, 0],
            [0, 0],
            [0, strideHeight - 1],
            [0, 0],
            [0, strideWidth - 1],
            [0, 0],
          ],
          constantValue: 0,
        },
      );
      spread = calls.run(
        'Reshape',
        { x: padded },
        { shape: [batchSize, outHeight * strideHeight, outWidth * strideWidth, channels] },
      );
    }
    const reversed = calls.run('Reverse', { x: filter }, { dims: [0, 1] });
    const rotated = calls.run('Transpose', { x: reversed }, { perm: [0, 1, 3, 2] });
    const top = filterHeight - 1 - padInfo.top;
    const left = filterWidth - 1 - padInfo.left;
    const padding = {
      top,
      left,
      bottom: inHeight - outHeight * strideHeight - top + filterHeight - 1,
      right: inWidth - outWidth * strideWidth - left + filterWidth - 1,
    };
    return conv2dWithPadding(calls, spread, rotated, padding, [1, 1], [1, 1]);
  });
}

import type * as tf from '@tensorflow/tfjs';
import type { KernelCalls } from './kernel-calls';

/** Padding of the two spatial axes; negative values crop instead of pad. */
export interface SpatialPadding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Forward Conv2D (NHWC, stride and dilation as given) of `x` with `filter`, where any negative
 * padding crops the input first — the backward convolutions often need to drop input rows that
 * the forward convolution never read.
 */
export function conv2dWithPadding(
  calls: KernelCalls,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  padding: SpatialPadding,
  strides: [number, number],
  dilations: [number, number],
): tf.TensorInfo {
  const [batch, height, width, channels] = x.shape as [number, number, number, number];
  const cropTop = Math.max(0, -padding.top);
  const cropBottom = Math.max(0, -padding.bottom);
  const cropLeft = Math.max(0, -padding.left);
  const cropRight = Math.max(0, -padding.right);
  let input = x;
  if (cropTop + cropBottom + cropLeft + cropRight > 0) {
    input = calls.run(
      'Slice',
      { x },
      {
        begin: [0, cropTop, cropLeft, 0],
        size: [batch, height - cropTop - cropBottom, width - cropLeft - cropRight, channels],
      },
    );
  }
  const pad = [
    [0, 0],
    [Math.max(0, padding.top), Math.max(0, padding.bottom)],
    [Math.max(0, padding.left), Math.max(0, padding.right)],
    [0, 0],
  ];
  return calls.run(
    'Conv2D',
    { x: input, filter },
    { strides, pad, dataFormat: 'NHWC', dilations, dimRoundingMode: undefined } as unknown as tf.NamedAttrMap,
  );
}

/** Whether the fast backward convolutions cover this data format (NHWC, the TF.js layers default). */
export function isChannelsLast(attributes: { dataFormat?: string }): boolean {
  return attributes.dataFormat === undefined || attributes.dataFormat === 'NHWC';
}

/** Attributes both Conv2D gradient kernels receive from tfjs-core's conv2d gradient. */
export interface ConvBackpropAttributes {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

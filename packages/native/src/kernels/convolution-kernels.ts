import * as tf from '@tensorflow/tfjs';
import { activationCode, floatValues, type NativeKernel, output } from './kernel-support';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

/**
 * The addon's geometry vector for `info` (NHWC, explicit pads) with fused bias / activation. The
 * bottom/right pads are oneDNN's exact ones, (out − 1)·stride + effective filter − in − top: negative
 * where trailing input rows fall in no window (valid, stride 2), so backward-data writes them too.
 */
function geometry(info: Conv2DInfo, groups: number, activation = 0, alpha = 0, bias = false): number[] {
  const { padInfo } = info;
  const bottom = (info.outHeight - 1) * info.strideHeight + info.effectiveFilterHeight - info.inHeight - padInfo.top;
  const right = (info.outWidth - 1) * info.strideWidth + info.effectiveFilterWidth - info.inWidth - padInfo.left;
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth,
    padInfo.top, padInfo.left, bottom, right,
    groups, activation, alpha, bias ? 1 : 0,
  ];
}

function channelsLast(attrs: tf.NamedAttrMap): boolean {
  return attrs.dataFormat === undefined || attrs.dataFormat === 'NHWC' || attrs.dataFormat === 'channelsLast';
}

function convolutionInfo(xShape: number[], filterShape: number[], attrs: tf.NamedAttrMap, depthwise: boolean): Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number] | number,
    (attrs.dilations ?? 1) as [number, number] | number,
    attrs.pad as 'same' | 'valid' | number | tf.backend_util.ExplicitPadding,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    depthwise,
  );
}

function forward(depthwise: boolean, fused: boolean): NativeKernel {
  return ({ inputs, backend, attrs }) => {
    const { x, filter, bias, preluActivationWeights } = inputs as Record<string, tf.TensorInfo | undefined>;
    if (!x || !filter || preluActivationWeights || !channelsLast(attrs)) return undefined;
    const activation = fused ? activationCode(attrs.activation) : 0;
    const xValues = floatValues(backend, x);
    const filterValues = floatValues(backend, filter);
    const biasValues = bias ? floatValues(backend, bias) : null;
    if (activation === undefined || !xValues || !filterValues || biasValues === undefined) return undefined;
    const info = convolutionInfo(x.shape, filter.shape, attrs, depthwise);
    if (biasValues && biasValues.length !== info.outChannels) return undefined;
    const groups = depthwise ? info.inChannels : 1;
    const alpha = (attrs.leakyreluAlpha as number | undefined) ?? 0.2;
    const out = output(backend, info.outShape);
    backend.addon.conv2dForward(xValues, filterValues, biasValues, out.values, geometry(info, groups, activation, alpha, !!biasValues));
    return out.info;
  };
}

function backwardData(depthwise: boolean): NativeKernel {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as Record<string, tf.TensorInfo>;
    const dyValues = floatValues(backend, dy);
    const filterValues = floatValues(backend, filter);
    if (!dy || !filter || !dyValues || !filterValues || !channelsLast(attrs)) return undefined;
    const inputShape = attrs.inputShape as number[];
    const info = convolutionInfo(inputShape, filter.shape, attrs, depthwise);
    const out = output(backend, inputShape);
    backend.addon.conv2dBackwardData(dyValues, filterValues, out.values, geometry(info, depthwise ? info.inChannels : 1));
    return out.info;
  };
}

function backwardWeights(depthwise: boolean): NativeKernel {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as Record<string, tf.TensorInfo>;
    const xValues = floatValues(backend, x);
    const dyValues = floatValues(backend, dy);
    if (!x || !dy || !xValues || !dyValues || !channelsLast(attrs)) return undefined;
    const filterShape = attrs.filterShape as number[];
    const info = convolutionInfo(x.shape, filterShape, attrs, depthwise);
    const out = output(backend, filterShape);
    backend.addon.conv2dBackwardWeights(xValues, dyValues, out.values, geometry(info, depthwise ? info.inChannels : 1));
    return out.info;
  };
}

/** Native convolution kernels by TF.js kernel name. */
export const convolutionKernels: Record<string, NativeKernel> = {
  Conv2D: forward(false, false),
  FusedConv2D: forward(false, true),
  DepthwiseConv2dNative: forward(true, false),
  FusedDepthwiseConv2D: forward(true, true),
  Conv2DBackpropInput: backwardData(false),
  Conv2DBackpropFilter: backwardWeights(false),
  DepthwiseConv2dNativeBackpropInput: backwardData(true),
  DepthwiseConv2dNativeBackpropFilter: backwardWeights(true),
};

/** The batch shape two matmul operands broadcast to, or undefined unless one is all ones or both agree. */
function batchShape(a: number[], b: number[]): number[] | undefined {
  const size = (shape: number[]) => shape.reduce((product, dim) => product * dim, 1);
  const equal = a.length === b.length && a.every((dim, i) => dim === b[i]);
  if (!equal && size(a) !== 1 && size(b) !== 1) return undefined;
  return tf.backend_util.assertAndGetBroadcastShape(a, b);
}

function matMul(fused: boolean): NativeKernel {
  return ({ inputs, backend, attrs }) => {
    const { a, b, bias, preluActivationWeights } = inputs as Record<string, tf.TensorInfo | undefined>;
    if (!a || !b || preluActivationWeights || a.shape.length < 2 || b.shape.length < 2) return undefined;
    const activation = fused ? activationCode(attrs.activation) : 0;
    const aValues = floatValues(backend, a);
    const bValues = floatValues(backend, b);
    const biasValues = bias ? floatValues(backend, bias) : null;
    if (activation === undefined || !aValues || !bValues || biasValues === undefined) return undefined;
    const transposeA = !!attrs.transposeA;
    const transposeB = !!attrs.transposeB;
    const [a1, a2] = a.shape.slice(-2) as [number, number];
    const [b1, b2] = b.shape.slice(-2) as [number, number];
    const [m, k] = transposeA ? [a2, a1] : [a1, a2];
    const [kB, n] = transposeB ? [b2, b1] : [b1, b2];
    const batch = batchShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    if (k !== kB || !batch) return undefined;
    if (biasValues && biasValues.length !== n && biasValues.length !== 1) return undefined;
    if (biasValues && bias && bias.shape.length > 1 && bias.shape.slice(0, -1).some((dim) => dim !== 1)) return undefined;
    const batchSize = batch.reduce((product, dim) => product * dim, 1);
    const aBatch = aValues.length / (m * k);
    const bBatch = bValues.length / (k * n);
    const out = output(backend, [...batch, m, n]);
    const alpha = (attrs.leakyreluAlpha as number | undefined) ?? 0.2;
    backend.addon.matMul(
      aValues,
      bValues,
      out.values,
      [batchSize, aBatch, bBatch, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0, activation],
      alpha,
      biasValues,
      biasValues?.length ?? 0,
    );
    return out.info;
  };
}

/** Native matrix-product kernels by TF.js kernel name. */
export const matMulKernels: Record<string, NativeKernel> = {
  BatchMatMul: matMul(false),
  _FusedMatMul: matMul(true),
};

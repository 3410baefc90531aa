import * as tf from '@tensorflow/tfjs';
import { floatValues, type NativeKernel, output } from './kernel-support';

function poolInfo(shape: number[], attrs: tf.NamedAttrMap): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computePool2DInfo(
    shape as [number, number, number, number],
    attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
}

function windowOf(info: tf.backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left,
  ];
}

const maxPool: NativeKernel = ({ inputs, backend, attrs }) => {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  const values = floatValues(backend, x);
  if (!x || !values || x.shape.length !== 4) return undefined;
  const info = poolInfo(x.shape, attrs);
  const out = output(backend, info.outShape);
  backend.addon.maxPool(values, out.values, windowOf(info));
  return out.info;
};

const maxPoolGrad: NativeKernel = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as Record<string, tf.TensorInfo>;
  const dyValues = floatValues(backend, dy);
  const xValues = floatValues(backend, input);
  if (!input || !dyValues || !xValues || input.shape.length !== 4) return undefined;
  const info = poolInfo(input.shape, attrs);
  const out = output(backend, input.shape);
  backend.addon.maxPoolGrad(dyValues, xValues, out.values, windowOf(info));
  return out.info;
};

/** Native pooling kernels by TF.js kernel name. */
export const poolingKernels: Record<string, NativeKernel> = { MaxPool: maxPool, MaxPoolGrad: maxPoolGrad };

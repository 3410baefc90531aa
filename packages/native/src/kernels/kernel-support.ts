import * as tf from '@tensorflow/tfjs';
import type { NativeBackend } from '../native-backend';

/** A kernel implementation that returns undefined where it does not apply (the cpu kernel runs instead). */
export type NativeKernel = (args: { inputs: tf.NamedTensorInfoMap; backend: NativeBackend; attrs: tf.NamedAttrMap }) =>
  | tf.TensorInfo
  | tf.TensorInfo[]
  | undefined;

/** The float32 values of `info`, or undefined when it is not a float32 tensor held as a Float32Array. */
export function floatValues(backend: NativeBackend, info: tf.TensorInfo | undefined): Float32Array | undefined {
  if (info?.dtype !== 'float32') return undefined;
  const values = backend.data.get(info.dataId).values;
  return values instanceof Float32Array ? values : undefined;
}

/** Float32 values of every tensor, or undefined if any is not float32. */
export function allFloatValues(backend: NativeBackend, infos: tf.TensorInfo[]): Float32Array[] | undefined {
  const result: Float32Array[] = [];
  for (const info of infos) {
    const values = floatValues(backend, info);
    if (!values) return undefined;
    result.push(values);
  }
  return result;
}

/** A new float32 tensor of `shape` backed by a pooled buffer the caller must fill completely. */
export function output(backend: NativeBackend, shape: number[]): { info: tf.TensorInfo; values: Float32Array } {
  const values = backend.pool.take(tf.util.sizeFromShape(shape));
  return { info: backend.makeTensorInfo(shape, 'float32', values), values };
}

/** Row-major strides of `shape`, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i] as number;
  }
  return strides;
}

/** Activation codes of the addon's fused kernels; undefined for activations it does not fuse. */
export function activationCode(activation: unknown): number | undefined {
  const codes: Record<string, number> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, sigmoid: 4, elu: 5 };
  return codes[(activation as string | undefined) ?? 'linear'];
}

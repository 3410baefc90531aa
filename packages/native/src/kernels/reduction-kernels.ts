import * as tf from '@tensorflow/tfjs';
import { floatValues, type NativeKernel, output } from './kernel-support';

/** [outer, reduced, inner] when the reduced axes (ignoring size-1 dims) form one contiguous run. */
export function reductionLayout(shape: number[], axes: number[]): [number, number, number] | undefined {
  let outer = 1;
  let reduced = 1;
  let inner = 1;
  let phase = 0; // 0: before the reduced run, 1: inside it, 2: after it
  for (let i = 0; i < shape.length; i++) {
    const dim = shape[i] as number;
    if (dim === 1) continue;
    const isReduced = axes.includes(i);
    if (isReduced && phase === 2) return undefined;
    if (isReduced) {
      phase = 1;
      reduced *= dim;
    } else if (phase === 0) outer *= dim;
    else {
      phase = 2;
      inner *= dim;
    }
  }
  return [outer, reduced, inner];
}

function reduction(op: number, axisAttribute: 'axis' | 'reductionIndices'): NativeKernel {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs as Record<string, tf.TensorInfo>;
    const values = floatValues(backend, x);
    if (!x || !values || values.length === 0) return undefined;
    const axes = tf.util.parseAxisParam(attrs[axisAttribute] as number | number[], x.shape);
    const layout = reductionLayout(x.shape, axes);
    if (!layout) return undefined;
    const shape = attrs.keepDims
      ? x.shape.map((dim, i) => (axes.includes(i) ? 1 : dim))
      : x.shape.filter((_, i) => !axes.includes(i));
    const out = output(backend, shape);
    backend.addon.reduce(op, values, out.values, ...layout);
    return out.info;
  };
}

/** Native reduction kernels by TF.js kernel name. */
export const reductionKernels: Record<string, NativeKernel> = {
  Sum: reduction(0, 'axis'),
  Mean: reduction(1, 'axis'),
  Max: reduction(2, 'reductionIndices'),
  Min: reduction(3, 'axis'),
};

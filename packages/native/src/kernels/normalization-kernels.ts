import type * as tf from '@tensorflow/tfjs';
import { floatValues, type NativeKernel, output } from './kernel-support';

const batchNorm: NativeKernel = ({ inputs, backend, attrs }) => {
  const { x, mean, variance, offset, scale } = inputs as Record<string, tf.TensorInfo | undefined>;
  const xValues = floatValues(backend, x);
  const meanValues = floatValues(backend, mean);
  const varianceValues = floatValues(backend, variance);
  const offsetValues = offset ? floatValues(backend, offset) : null;
  const scaleValues = scale ? floatValues(backend, scale) : null;
  if (!x || !xValues || !meanValues || !varianceValues || offsetValues === undefined || scaleValues === undefined) {
    return undefined;
  }
  const out = output(backend, x.shape);
  const epsilon = (attrs.varianceEpsilon as number | undefined) ?? 0.001;
  backend.addon.batchNorm(xValues, meanValues, varianceValues, offsetValues, scaleValues, out.values, epsilon);
  return out.info;
};

const softmax: NativeKernel = ({ inputs, backend, attrs }) => {
  const { logits } = inputs as Record<string, tf.TensorInfo>;
  const values = floatValues(backend, logits);
  if (!logits || !values || values.length === 0) return undefined;
  const rank = logits.shape.length;
  const dim = attrs.dim as number;
  if (dim !== -1 && dim !== rank - 1) return undefined;
  const columns = logits.shape[rank - 1] as number;
  const out = output(backend, logits.shape);
  backend.addon.softmax(values, out.values, values.length / columns, columns);
  return out.info;
};

/** Native normalisation kernels by TF.js kernel name. */
export const normalizationKernels: Record<string, NativeKernel> = { FusedBatchNorm: batchNorm, Softmax: softmax };

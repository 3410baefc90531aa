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

/** Kernel name of batch normalisation with the batch's own moments (outputs y, mean, variance). */
export const BATCH_NORM_TRAINING = 'LowresBatchNormTraining';
/** Kernel name of its gradient (outputs dx, dScale, dOffset). */
export const BATCH_NORM_TRAINING_GRAD = 'LowresBatchNormTrainingGrad';

/** The per-channel values of an optional [channels] input: null when absent, undefined when unusable. */
function channelValues(backend: Parameters<NativeKernel>[0]['backend'], info: tf.TensorInfo | undefined, channels: number) {
  if (!info) return null;
  const values = floatValues(backend, info);
  return values && values.length === channels ? values : undefined;
}

const batchNormTraining: NativeKernel = ({ inputs, backend, attrs }) => {
  const { x, scale, offset } = inputs as Record<string, tf.TensorInfo | undefined>;
  const xValues = floatValues(backend, x);
  const channels = x?.shape.at(-1) ?? 0;
  if (!x || !xValues || channels === 0 || xValues.length === 0) return undefined;
  const scaleValues = channelValues(backend, scale, channels);
  const offsetValues = channelValues(backend, offset, channels);
  if (scaleValues === undefined || offsetValues === undefined) return undefined;
  const y = output(backend, x.shape);
  const mean = output(backend, [channels]);
  const variance = output(backend, [channels]);
  backend.addon.batchNormTraining(xValues, scaleValues, offsetValues, y.values, mean.values, variance.values, channels, attrs.epsilon as number);
  return [y.info, mean.info, variance.info];
};

const batchNormTrainingGrad: NativeKernel = ({ inputs, backend, attrs }) => {
  const { dy, x, mean, variance, scale, dMean, dVariance } = inputs as Record<string, tf.TensorInfo | undefined>;
  const dyValues = floatValues(backend, dy);
  const xValues = floatValues(backend, x);
  const channels = x?.shape.at(-1) ?? 0;
  if (!x || !dyValues || !xValues || dyValues.length !== xValues.length || channels === 0 || xValues.length === 0) return undefined;
  const parameters = [mean, variance, scale, dMean, dVariance].map((info) => channelValues(backend, info, channels));
  const [meanValues, varianceValues, scaleValues, dMeanValues, dVarianceValues] = parameters;
  if (parameters.includes(undefined) || !meanValues || !varianceValues) return undefined;
  const dx = output(backend, x.shape);
  const dScale = output(backend, [channels]);
  const dOffset = output(backend, [channels]);
  backend.addon.batchNormTrainingGrad(
    dyValues,
    xValues,
    meanValues,
    varianceValues,
    scaleValues ?? null,
    dMeanValues ?? null,
    dVarianceValues ?? null,
    dx.values,
    dScale.values,
    dOffset.values,
    channels,
    attrs.epsilon as number,
  );
  return [dx.info, dScale.info, dOffset.info];
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
export const normalizationKernels: Record<string, NativeKernel> = {
  FusedBatchNorm: batchNorm,
  Softmax: softmax,
  [BATCH_NORM_TRAINING]: batchNormTraining,
  [BATCH_NORM_TRAINING_GRAD]: batchNormTrainingGrad,
};

import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from './kernels/normalization-kernels';

/** The fields of tfjs-layers' BatchNormalization that its training-mode call reads. */
interface BatchNormalizationLayer {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma: tf.LayerVariable | null;
  beta: tf.LayerVariable | null;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[];
}

/**
 * Gradient of the fused kernel: dx, dScale and dOffset in one native pass (tfjs' own batch-norm
 * gradient plus the moments' gradients take about twenty full-size elementwise passes and tensors).
 */
const batchNormTrainingGradient: tf.GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ['x', 'scale'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dMean, dVariance] = dys as tf.Tensor[];
    const [x, scale, mean, variance] = saved;
    const [dx, dScale, dOffset] = tf
      .engine()
      .runKernel(BATCH_NORM_TRAINING_GRAD, { dy, x, mean, variance, scale, dMean, dVariance } as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor[];
    return { x: () => dx as tf.Tensor, scale: () => dScale as tf.Tensor, offset: () => dOffset as tf.Tensor };
  },
};

/** tfjs-layers' moving-average update, op for op, so the moving statistics match the cpu backend's. */
function updateMovingAverage(variable: tf.LayerVariable, value: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const current = variable.read();
    variable.write(tf.sub(current, tf.mul(tf.sub(current, value), 1 - momentum)));
  });
}

let installed = false;

/**
 * Makes tfjs-layers' BatchNormalization run its training-mode forward pass as one native kernel (batch
 * moments and normalisation together, gradient registered) whenever `backendName` is the active
 * backend and the layer normalises the last axis with a scale and an offset; any other case takes the
 * layer's own path. The moving statistics are updated exactly as the layer does. Idempotent.
 */
export function installFusedBatchNormTraining(backendName: string): void {
  if (installed) return;
  installed = true;
  tf.registerGradient(batchNormTrainingGradient);
  const prototype = Object.getPrototypeOf(tf.layers.batchNormalization({})) as BatchNormalizationLayer;
  const layerCall = prototype.call;
  prototype.call = function fusedTrainingCall(this: BatchNormalizationLayer, inputs, kwargs) {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = input !== undefined && (this.axis === -1 || this.axis === input.rank - 1);
    if (kwargs?.training !== true || tf.getBackend() !== backendName || !lastAxis || input.dtype !== 'float32' || !this.gamma || !this.beta) {
      return layerCall.call(this, inputs, kwargs);
    }
    const { gamma, beta } = this;
    return tf.tidy(() => {
      const [y, mean, variance] = tf
        .engine()
        .runKernel(BATCH_NORM_TRAINING, { x: input, scale: gamma.read(), offset: beta.read() }, { epsilon: this.epsilon }) as tf.Tensor[];
      updateMovingAverage(this.movingMean, mean as tf.Tensor, this.momentum);
      updateMovingAverage(this.movingVariance, variance as tf.Tensor, this.momentum);
      return y as tf.Tensor;
    });
  };
}

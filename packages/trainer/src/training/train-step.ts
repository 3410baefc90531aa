import * as tf from '@tensorflow/tfjs';
import type { TrainableParameter } from './parameters';

/** Result of one optimisation step. */
export interface StepResult {
  loss: number;
  /** False when the loss or a gradient was NaN/Infinity; the step was then not applied. */
  finite: boolean;
  /** What was not finite, when `finite` is false. */
  problem?: string;
}

/** One part of a step's loss: a micro-batch's mean loss and its share of the batch's images. */
export interface WeightedLoss {
  weight: number;
  loss: () => tf.Scalar;
}

/**
 * Gradients of Σ weight·loss over the parts, one part's forward/backward pass at a time (so a step
 * needs the memory of one micro-batch). Stops at the first non-finite loss.
 */
function accumulate(parts: readonly WeightedLoss[], variables: tf.Variable[]): { loss: number; grads: tf.NamedTensorMap } {
  let loss = 0;
  let grads: tf.NamedTensorMap = {};
  for (const part of parts) {
    const { value, grads: partGrads } = tf.variableGrads(part.loss, variables);
    const partLoss = value.dataSync()[0]!;
    value.dispose();
    loss += part.weight * partLoss;
    const previous = grads;
    grads = tf.tidy(() => {
      const sum: tf.NamedTensorMap = {};
      for (const [name, gradient] of Object.entries(partGrads)) {
        const weighted = part.weight === 1 ? gradient.clone() : gradient.mul(part.weight);
        sum[name] = previous[name] ? previous[name]!.add(weighted) : weighted;
      }
      return sum;
    });
    tf.dispose([...Object.values(previous), ...Object.values(partGrads)]);
    if (!Number.isFinite(partLoss)) return { loss: partLoss, grads };
  }
  return { loss, grads };
}

/**
 * One optimisation step: gradients of the loss for the listed parameters (tf.variableGrads; summed
 * over micro-batches when the loss comes in weighted parts), each gradient plus weight decay ×
 * weight, then optimizer.applyGradients in parameter order (optimizer slots are index-based, so order
 * is stable), then each parameter's update scaled by its learning-rate multiplier. Nothing is applied
 * when the loss or any gradient is not finite.
 */
export function trainStep(
  optimizer: tf.Optimizer,
  parameters: readonly TrainableParameter[],
  lossFunction: (() => tf.Scalar) | readonly WeightedLoss[],
): StepResult {
  const variables = parameters.map((parameter) => parameter.variable);
  const parts = typeof lossFunction === 'function' ? [{ weight: 1, loss: lossFunction }] : lossFunction;
  const { loss, grads } = accumulate(parts, variables);
  try {
    if (!Number.isFinite(loss)) return { loss, finite: false, problem: 'the loss' };
    const scaled = tf.tidy(() =>
      parameters.map((parameter) => {
        let gradient = grads[parameter.variable.name];
        if (!gradient) return { name: parameter.variable.name, tensor: tf.zerosLike(parameter.variable) };
        if (parameter.weightDecay > 0) gradient = gradient.add(parameter.variable.mul(parameter.weightDecay));
        return { name: parameter.variable.name, tensor: gradient };
      }),
    );
    try {
      const allFinite = tf.tidy(() => {
        if (scaled.length === 0) return true;
        const flags = tf.stack(scaled.map((entry) => tf.all(tf.isFinite(entry.tensor))));
        return tf.all(flags).dataSync()[0] === 1;
      });
      if (!allFinite) {
        const bad = scaled.find((entry) => tf.tidy(() => tf.all(tf.isFinite(entry.tensor)).dataSync()[0] !== 1));
        const path = parameters.find((parameter) => parameter.variable.name === bad?.name)?.path ?? 'a gradient';
        return { loss, finite: false, problem: `the gradient of ${path}` };
      }
      applyWithMultipliers(optimizer, parameters, scaled);
      return { loss, finite: true };
    } finally {
      tf.dispose(scaled.map((entry) => entry.tensor));
    }
  } finally {
    tf.dispose(grads);
  }
}

/**
 * Scales the update, not the gradient: adaptive optimizers (Adam, RMSProp, Adadelta) normalise the
 * gradient's size, so a scaled gradient would leave their step unchanged. Scaling w_new − w_old by m
 * equals running the optimizer at learning rate × m for every optimizer here (for momentum SGD too,
 * since m is constant over the run), as Caffe's per-blob lr_mult does.
 */
function applyWithMultipliers(
  optimizer: tf.Optimizer,
  parameters: readonly TrainableParameter[],
  gradients: { name: string; tensor: tf.Tensor }[],
): void {
  const scaled = parameters.filter((parameter) => parameter.learningRateMultiplier !== 1);
  const before = scaled.map((parameter) => tf.clone(parameter.variable));
  try {
    optimizer.applyGradients(gradients);
    tf.tidy(() => {
      scaled.forEach((parameter, index) => {
        const old = before[index]!;
        parameter.variable.assign(old.add(parameter.variable.sub(old).mul(parameter.learningRateMultiplier)));
      });
    });
  } finally {
    tf.dispose(before);
  }
}

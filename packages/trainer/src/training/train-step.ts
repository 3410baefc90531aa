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

/**
 * One optimisation step: gradients of `lossFunction` for the listed parameters (tf.variableGrads),
 * each gradient plus weight decay × weight, then optimizer.applyGradients in parameter order
 * (optimizer slots are index-based, so order is stable), then each parameter's update scaled by its
 * learning-rate multiplier. Nothing is applied when the loss or any gradient is not finite.
 */
export function trainStep(
  optimizer: tf.Optimizer,
  parameters: readonly TrainableParameter[],
  lossFunction: () => tf.Scalar,
): StepResult {
  const variables = parameters.map((parameter) => parameter.variable);
  const { value, grads } = tf.variableGrads(lossFunction, variables);
  try {
    const loss = value.dataSync()[0]!;
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
    value.dispose();
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

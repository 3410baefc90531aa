import * as tf from '@tensorflow/tfjs';
import { leanVariableGrads } from './lean-gradients';
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
 * needs the memory of one micro-batch), and each part's loss as a scalar tensor (read later).
 */
function accumulate(parts: readonly WeightedLoss[], variables: tf.Variable[]): { losses: tf.Scalar[]; grads: tf.NamedTensorMap } {
  const losses: tf.Scalar[] = [];
  let grads: tf.NamedTensorMap = {};
  for (const part of parts) {
    const { value, grads: partGrads } = leanVariableGrads(part.loss, variables);
    losses.push(value);
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
  }
  return { losses, grads };
}

/** Σ weight·loss in double precision, in part order, up to the first non-finite part's loss. */
async function readLoss(parts: readonly WeightedLoss[], losses: readonly tf.Scalar[]): Promise<number> {
  let loss = 0;
  for (const [index, part] of parts.entries()) {
    const partLoss = (await losses[index]!.data())[0]!;
    if (!Number.isFinite(partLoss)) return partLoss;
    loss += part.weight * partLoss;
  }
  return loss;
}

/**
 * One optimisation step: gradients of the loss for the listed parameters (tf.variableGrads; summed
 * over micro-batches when the loss comes in weighted parts), each gradient plus weight decay ×
 * weight, then optimizer.applyGradients in parameter order (optimizer slots are index-based, so order
 * is stable), then each parameter's update scaled by its learning-rate multiplier. Nothing is applied
 * when the loss or any gradient is not finite. Values are read back asynchronously (`await data()`,
 * which WebGPU needs); every forward/backward pass runs before the first await, so a caller's
 * synchronous seeded-random scope (withSeededRandom) covers all of them.
 */
export async function trainStep(
  optimizer: tf.Optimizer,
  parameters: readonly TrainableParameter[],
  lossFunction: (() => tf.Scalar) | readonly WeightedLoss[],
): Promise<StepResult> {
  const variables = parameters.map((parameter) => parameter.variable);
  const parts = typeof lossFunction === 'function' ? [{ weight: 1, loss: lossFunction }] : lossFunction;
  const { losses, grads } = accumulate(parts, variables);
  try {
    const loss = await readLoss(parts, losses);
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
      // One flag per parameter, read back in one transfer.
      const flags = scaled.length === 0 ? null : tf.tidy(() => tf.stack(scaled.map((entry) => tf.all(tf.isFinite(entry.tensor)))));
      const flagValues = flags ? await flags.data() : [];
      flags?.dispose();
      const badIndex = Array.from(flagValues).findIndex((value) => value !== 1);
      if (badIndex >= 0) {
        const bad = scaled[badIndex];
        const path = parameters.find((parameter) => parameter.variable.name === bad?.name)?.path ?? 'a gradient';
        return { loss, finite: false, problem: `the gradient of ${path}` };
      }
      applyWithMultipliers(optimizer, parameters, scaled);
      return { loss, finite: true };
    } finally {
      tf.dispose(scaled.map((entry) => entry.tensor));
    }
  } finally {
    tf.dispose([...losses, ...Object.values(grads)]);
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

import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from './config-schemas';

/** Creates the TF.js optimizer named in the config (sgd with optional momentum, adam, adadelta, rmsprop). */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  switch (config.name) {
    case 'sgd':
      return config.momentum
        ? tf.train.momentum(config.learningRate, config.momentum, config.nesterov ?? false)
        : tf.train.sgd(config.learningRate);
    case 'adam':
      return tf.train.adam(config.learningRate, config.beta1 ?? 0.9, config.beta2 ?? 0.999, config.epsilon);
    case 'adadelta':
      return tf.train.adadelta(config.learningRate, config.rho ?? 0.95, config.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(config.learningRate, config.rho ?? 0.9, config.momentum ?? 0, config.epsilon);
  }
}

/** Sets the optimizer's current learning rate (used by schedules before each step). */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  // TF.js optimizers override `instanceof`, so the SGD family is recognised by its method.
  const sgd = optimizer as unknown as { learningRate: number; setLearningRate?: (rate: number) => void };
  if (typeof sgd.setLearningRate === 'function') {
    if (sgd.learningRate !== learningRate) sgd.setLearningRate(learningRate);
    return;
  }
  // Adam, Adadelta and RMSProp read this field on every applyGradients call.
  (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}

function isAdam(optimizer: tf.Optimizer): boolean {
  return optimizer.getClassName() === 'Adam';
}

/** Extra optimizer state that getWeights() omits but exact resumption needs (Adam's β powers). */
export async function getExtraOptimizerState(optimizer: tf.Optimizer): Promise<{ name: string; tensor: tf.Tensor }[]> {
  if (isAdam(optimizer)) {
    const adam = optimizer as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
    return [
      { name: 'accBeta1', tensor: adam.accBeta1 },
      { name: 'accBeta2', tensor: adam.accBeta2 },
    ];
  }
  return [];
}

/** Restores state returned by {@link getExtraOptimizerState} (after optimizer.setWeights). */
export function setExtraOptimizerState(optimizer: tf.Optimizer, state: readonly { name: string; tensor: tf.Tensor }[]): void {
  if (!isAdam(optimizer)) return;
  const adam = optimizer as unknown as Record<string, tf.Variable>;
  for (const { name, tensor } of state) {
    if (name === 'accBeta1' || name === 'accBeta2') adam[name]!.assign(tensor as tf.Scalar);
  }
}

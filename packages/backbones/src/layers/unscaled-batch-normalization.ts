import { InvalidArgumentError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Configuration of {@link UnscaledBatchNormalization}. */
export interface UnscaledBatchNormalizationConfig {
  /** Added to the variance before the square root (default 1e-3, Keras'). */
  epsilon?: number;
  /** Momentum of the moving mean / variance (default 0.99, Keras'). */
  momentum?: number;
  /** Layer name. */
  name?: string;
  /** Whether `beta` is trainable (default true). */
  trainable?: boolean;
}

/**
 * Batch normalisation over the last axis with a learned offset `beta` but no scale (Keras'
 * `BatchNormalization(scale=False)`, used by Inception-v3): one trainable and two non-trainable
 * values per channel. TF.js' own layer cannot train with `scale: false` (it reads the missing
 * gamma), hence this layer. Training uses batch statistics and updates the moving ones as
 * TF.js' BatchNormalization does; inference uses the moving statistics.
 */
export class UnscaledBatchNormalization extends tf.layers.Layer {
  /** Class name used for serialisation. */
  static className = 'UnscaledBatchNormalization';
  /** Variance epsilon. */
  readonly epsilon: number;
  /** Moving-average momentum. */
  readonly momentum: number;
  private beta: tf.LayerVariable | null = null;
  private movingMean: tf.LayerVariable | null = null;
  private movingVariance: tf.LayerVariable | null = null;

  constructor(config: UnscaledBatchNormalizationConfig = {}) {
    super({ ...(config.name ? { name: config.name } : {}), trainable: config.trainable ?? true });
    this.epsilon = config.epsilon ?? 1e-3;
    this.momentum = config.momentum ?? 0.99;
    if (!(this.epsilon > 0)) throw new InvalidArgumentError('epsilon', `expected a positive number, got ${this.epsilon}`);
    if (!(this.momentum >= 0 && this.momentum <= 1)) {
      throw new InvalidArgumentError('momentum', `expected a number in [0, 1], got ${this.momentum}`);
    }
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (typeof channels !== 'number') {
      throw new InvalidArgumentError('inputShape', `${this.name} needs a known channel count, got [${shape.join(', ')}]`);
    }
    this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', [channels], 'float32', tf.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', [channels], 'float32', tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      // Written out rather than tf.batchNorm, whose gradient fails when the scale is absent.
      const normalize = (mean: tf.Tensor, variance: tf.Tensor): tf.Tensor =>
        tf.add(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon))), this.beta!.read());
      if (!kwargs?.training) return normalize(this.movingMean!.read(), this.movingVariance!.read());
      const axes = Array.from({ length: x.rank - 1 }, (_, axis) => axis);
      const { mean, variance } = tf.moments(x, axes);
      for (const [variable, batchValue] of [[this.movingMean!, mean], [this.movingVariance!, variance]] as const) {
        const previous = variable.read();
        variable.write(tf.sub(previous, tf.mul(tf.sub(previous, batchValue), 1 - this.momentum)));
      }
      return normalize(mean, variance);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon, momentum: this.momentum };
  }
}

import { InvalidArgumentError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Configuration of {@link LocalResponseNormalization}, in Caffe's parameterisation. */
export interface LocalResponseNormalizationConfig {
  /** Number of neighbouring channels summed over (odd; Caffe `local_size`, default 5). */
  size?: number;
  /** Scale of the summed squares (Caffe `alpha`, divided by `size` as Caffe does; default 1e-4). */
  alpha?: number;
  /** Exponent (Caffe `beta`, default 0.75). */
  beta?: number;
  /** Additive constant (Caffe `k`, default 1). */
  bias?: number;
  /** Layer name. */
  name?: string;
  /** Whether the layer is trainable (it has no weights; kept for the Keras layer contract). */
  trainable?: boolean;
}

/**
 * Cross-channel local response normalisation as in Caffe's LRN layer (AlexNet, GoogLeNet):
 * `y = x / (bias + alpha / size · Σ x²)^beta`, the sum running over `size` channels centred on
 * each channel. Serialisable; call `registerLayers()` before loading a saved model that uses it.
 */
export class LocalResponseNormalization extends tf.layers.Layer {
  /** Class name used for serialisation. */
  static className = 'LocalResponseNormalization';
  /** Channels summed over. */
  readonly size: number;
  /** Caffe alpha (the per-element scale is alpha / size). */
  readonly alpha: number;
  /** Exponent. */
  readonly beta: number;
  /** Additive constant. */
  readonly bias: number;

  constructor(config: LocalResponseNormalizationConfig = {}) {
    super({ ...(config.name ? { name: config.name } : {}), trainable: config.trainable ?? true });
    this.size = config.size ?? 5;
    this.alpha = config.alpha ?? 1e-4;
    this.beta = config.beta ?? 0.75;
    this.bias = config.bias ?? 1;
    if (!Number.isInteger(this.size) || this.size < 1 || this.size % 2 === 0) {
      throw new InvalidArgumentError('size', `expected an odd positive integer, got ${this.size}`);
    }
    for (const [key, value] of [['alpha', this.alpha], ['beta', this.beta], ['bias', this.bias]] as const) {
      if (!Number.isFinite(value)) throw new InvalidArgumentError(key, `expected a finite number, got ${value}`);
    }
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (x?.rank !== 4) {
        throw new InvalidArgumentError('inputs', `LocalResponseNormalization expects a rank-4 NHWC tensor`);
      }
      return tf.localResponseNormalization(x as tf.Tensor4D, (this.size - 1) / 2, this.bias, this.alpha / this.size, this.beta);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size, alpha: this.alpha, beta: this.beta, bias: this.bias };
  }
}

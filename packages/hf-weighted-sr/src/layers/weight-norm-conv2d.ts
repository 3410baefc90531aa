import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Constructor options of {@link WeightNormConv2D}. */
export interface WeightNormConv2DConfig {
  /** Number of output channels. */
  filters: number;
  /** Odd square kernel size (padding is always `same`, stride 1). */
  kernelSize: number;
  /** Seed of the direction initialiser, for reproducible models. */
  seed?: number;
  /** Layer name (unique within a model). */
  name?: string;
  /** Whether the weights are trained. */
  trainable?: boolean;
}

/** Guards the division by ‖v‖ for a direction that is exactly zero (never the case after init). */
const NORM_FLOOR = 1e-12;

/**
 * Weight-normalised 2-D convolution (Salimans & Kingma), stride 1 and `same` padding: weights are the
 * direction `v` [k,k,in,filters], the gain `g` [filters] and `bias` [filters]; the kernel used is
 * w = g·v/‖v‖ with the norm taken per output channel. Initialised as in WDSR: v random (uniform
 * ±1/√fanIn, PyTorch's convolution default), g = ‖v‖ so that w = v, bias 0.
 */
export class WeightNormConv2D extends tf.layers.Layer {
  /** Serialization name of the layer. */
  static readonly className = 'HfWeightedSrWeightNormConv2D';
  private readonly filters: number;
  private readonly kernelSize: number;
  private readonly seed: number | undefined;
  private direction: tf.LayerVariable | null = null;
  private gain: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(config: WeightNormConv2DConfig) {
    super({ name: config.name, trainable: config.trainable });
    requirePositiveInteger('filters', config.filters);
    if (!Number.isInteger(config.kernelSize) || config.kernelSize <= 0 || config.kernelSize % 2 === 0) {
      throw new InvalidArgumentError('kernelSize', `expected a positive odd integer, got ${config.kernelSize}`);
    }
    this.filters = config.filters;
    this.kernelSize = config.kernelSize;
    this.seed = config.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(inputShape);
    const inChannels = shape[shape.length - 1];
    if (typeof inChannels !== 'number') {
      throw new InvalidArgumentError('inputShape', 'the channel axis of a WeightNormConv2D input must be known');
    }
    const size = this.kernelSize;
    this.direction = this.addWeight(
      'v',
      [size, size, inChannels, this.filters],
      'float32',
      tf.initializers.varianceScaling({ scale: 1 / 3, mode: 'fanIn', distribution: 'uniform', seed: this.seed }),
    );
    this.gain = this.addWeight('g', [this.filters], 'float32', tf.initializers.ones());
    this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    const direction = this.direction;
    const gain = this.gain;
    tf.tidy(() => {
      gain.write(directionNorm(direction.read()));
    });
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(inputShape);
    return [...shape.slice(0, -1), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      return tf.fused.conv2d({ x, filter: this.kernel(), strides: 1, pad: 'same', bias: this.bias!.read() });
    });
  }

  /** The effective kernel g·v/‖v‖ (a new tensor the caller owns). */
  kernel(): tf.Tensor4D {
    if (this.direction === null || this.gain === null) {
      throw new InvalidArgumentError('layer', `${this.name} is not built yet`);
    }
    const direction = this.direction.read() as tf.Tensor4D;
    const gain = this.gain.read();
    return tf.tidy(() => direction.mul(gain.div(directionNorm(direction).maximum(NORM_FLOOR))));
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    return config;
  }
}

/** ‖v‖ per output channel (last axis). */
function directionNorm(direction: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => direction.square().sum([0, 1, 2]).sqrt() as tf.Tensor1D);
}

function singleShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
}

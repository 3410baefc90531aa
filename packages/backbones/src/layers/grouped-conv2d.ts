import { InvalidArgumentError, ShapeMismatchError, requirePositiveInteger } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Kernel initialisations {@link GroupedConv2D} can serialise by name. */
export type GroupedKernelInitializer = 'glorotUniform' | 'heNormal';

/** Configuration of {@link GroupedConv2D}. */
export interface GroupedConv2DConfig {
  /** Output channels (divisible by `groups`). */
  filters: number;
  /** Square kernel side. */
  kernelSize: number;
  /** Number of channel groups; input and output channels are split evenly (Caffe `group`). */
  groups: number;
  /** Square stride (default 1). */
  strides?: number;
  /** 'same' or 'valid' (default 'valid'). */
  padding?: 'same' | 'valid';
  /** Whether a bias of length `filters` is added (default true). */
  useBias?: boolean;
  /** Kernel initialisation (default 'glorotUniform'). */
  kernelInitializer?: GroupedKernelInitializer;
  /** Constant the bias starts at (default 0). */
  biasValue?: number;
  /** Layer name. */
  name?: string;
  /** Whether the weights are trainable (default true). */
  trainable?: boolean;
}

/**
 * 2-D convolution with channel groups (Caffe/PyTorch `group`): the input channels are split into
 * `groups` slices, each convolved with its own kernel `kernel_g` of shape
 * [k, k, inChannels/groups, filters/groups], and the results concatenated; one bias covers all
 * outputs. Parameter count equals Caffe's. Serialisable; see `registerLayers()`.
 */
export class GroupedConv2D extends tf.layers.Layer {
  /** Class name used for serialisation. */
  static className = 'GroupedConv2D';
  /** Output channels. */
  readonly filters: number;
  /** Square kernel side. */
  readonly kernelSize: number;
  /** Number of groups. */
  readonly groups: number;
  /** Square stride. */
  readonly strides: number;
  /** Padding mode. */
  readonly padding: 'same' | 'valid';
  /** Whether a bias is added. */
  readonly useBias: boolean;
  /** Kernel initialisation name. */
  readonly kernelInitializer: GroupedKernelInitializer;
  /** Initial bias value. */
  readonly biasValue: number;
  private groupKernels: tf.LayerVariable[] = [];
  private biasVariable: tf.LayerVariable | null = null;

  constructor(config: GroupedConv2DConfig) {
    super({ ...(config.name ? { name: config.name } : {}), trainable: config.trainable ?? true });
    this.filters = config.filters;
    this.kernelSize = config.kernelSize;
    this.groups = config.groups;
    this.strides = config.strides ?? 1;
    this.padding = config.padding ?? 'valid';
    this.useBias = config.useBias ?? true;
    this.kernelInitializer = config.kernelInitializer ?? 'glorotUniform';
    this.biasValue = config.biasValue ?? 0;
    for (const key of ['filters', 'kernelSize', 'groups', 'strides'] as const) {
      requirePositiveInteger(key, this[key]);
    }
    if (this.filters % this.groups !== 0) {
      throw new InvalidArgumentError('filters', `${this.filters} is not divisible by groups=${this.groups}`);
    }
    if (this.padding !== 'same' && this.padding !== 'valid') {
      throw new InvalidArgumentError('padding', `expected 'same' or 'valid', got ${String(this.padding)}`);
    }
    if (this.kernelInitializer !== 'glorotUniform' && this.kernelInitializer !== 'heNormal') {
      throw new InvalidArgumentError('kernelInitializer', `expected 'glorotUniform' or 'heNormal', got ${String(this.kernelInitializer)}`);
    }
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (shape.length !== 4 || typeof channels !== 'number' || channels % this.groups !== 0) {
      throw new ShapeMismatchError(
        `${this.name} input`,
        `[batch, height, width, channels] with channels divisible by ${this.groups}`,
        shape.map((d) => d ?? -1),
      );
    }
    const perGroupIn = channels / this.groups;
    const perGroupOut = this.filters / this.groups;
    const initializer =
      this.kernelInitializer === 'heNormal' ? tf.initializers.heNormal({}) : tf.initializers.glorotUniform({});
    this.groupKernels = [];
    for (let group = 0; group < this.groups; group++) {
      this.groupKernels.push(
        this.addWeight(`kernel_${group}`, [this.kernelSize, this.kernelSize, perGroupIn, perGroupOut], 'float32', initializer),
      );
    }
    this.biasVariable = this.useBias
      ? this.addWeight('bias', [this.filters], 'float32', tf.initializers.constant({ value: this.biasValue }))
      : null;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const slices: tf.Tensor4D[] = this.groups === 1 ? [x] : tf.split(x, this.groups, 3);
      const outputs = slices.map((slice, group) =>
        tf.conv2d(slice, this.groupKernels[group]!.read() as tf.Tensor4D, this.strides, this.padding),
      );
      const joined = outputs.length === 1 ? outputs[0]! : tf.concat(outputs, 3);
      return this.biasVariable ? tf.add(joined, this.biasVariable.read()) : joined;
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const side = (length: number | null | undefined): number | null => {
      if (length === null || length === undefined) return null;
      return this.padding === 'same'
        ? Math.ceil(length / this.strides)
        : Math.ceil((length - this.kernelSize + 1) / this.strides);
    };
    return [shape[0] ?? null, side(shape[1]), side(shape[2]), this.filters];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      groups: this.groups,
      strides: this.strides,
      padding: this.padding,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      biasValue: this.biasValue,
    };
  }
}

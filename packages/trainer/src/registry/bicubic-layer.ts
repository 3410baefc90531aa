import { imresize, requirePositiveInteger } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Constructor options of {@link BicubicResize}. */
export interface BicubicResizeConfig {
  /** Output height and width. */
  outputHeight: number;
  outputWidth: number;
  /** MATLAB antialiasing when shrinking (ignored when enlarging). */
  antialias?: boolean;
}

/**
 * Parameter-free layer resizing NHWC images with MATLAB-exact bicubic weights: core's float
 * `imresize` (one constant matrix product per axis), so the layer is differentiable and has no weights.
 */
export class BicubicResize extends tf.layers.Layer {
  /** Serialization name of the layer. */
  static readonly className = 'LowresBicubicResize';
  private readonly outputHeight: number;
  private readonly outputWidth: number;
  private readonly antialias: boolean;

  constructor(config: BicubicResizeConfig & { name?: string }) {
    super({ name: config.name });
    for (const key of ['outputHeight', 'outputWidth'] as const) {
      requirePositiveInteger(key, config[key]);
    }
    this.outputHeight = config.outputHeight;
    this.outputWidth = config.outputWidth;
    this.antialias = config.antialias ?? true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, this.outputHeight, this.outputWidth, shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const image = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return imresize(image, { size: [this.outputHeight, this.outputWidth], antialias: this.antialias });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      outputHeight: this.outputHeight,
      outputWidth: this.outputWidth,
      antialias: this.antialias,
    };
  }
}

let registered = false;

/** Registers the trainer's custom layers for model serialization (idempotent). */
export function registerLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(BicubicResize);
  registered = true;
}

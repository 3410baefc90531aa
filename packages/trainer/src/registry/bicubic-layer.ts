import { InvalidArgumentError, resizeMatrix } from '@lowres/core';
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
 * Parameter-free layer resizing NHWC images with MATLAB-exact bicubic weights: each spatial axis is
 * one matrix product with core's `resizeMatrix`, so the layer is differentiable and has no weights.
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
      if (!Number.isInteger(config[key]) || config[key] <= 0) {
        throw new InvalidArgumentError(key, `expected a positive integer, got ${config[key]}`);
      }
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
    return tf.tidy(() => {
      const image = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [batch, height, width, channels] = image.shape;
      const rows = axisMatrix(height, this.outputHeight, this.antialias);
      const columns = axisMatrix(width, this.outputWidth, this.antialias);
      // [N,h,w,c] -> [N,c,h,w] so both spatial axes can be handled with plain 2-D products.
      const planes = image.transpose([0, 3, 1, 2]).reshape([batch * channels * height, width]);
      const widened = tf.matMul(planes, columns, false, true).reshape([batch * channels, height, this.outputWidth]);
      const byColumn = widened.transpose([0, 2, 1]).reshape([batch * channels * this.outputWidth, height]);
      const heightened = tf.matMul(byColumn, rows, false, true).reshape([batch, channels, this.outputWidth, this.outputHeight]);
      return heightened.transpose([0, 3, 2, 1]);
    });
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

function axisMatrix(inLength: number, outLength: number, antialias: boolean): tf.Tensor2D {
  const matrix = resizeMatrix(inLength, outLength, outLength / inLength, antialias);
  return tf.tensor2d(Float32Array.from(matrix), [outLength, inLength]);
}

let registered = false;

/** Registers the trainer's custom layers for model serialization (idempotent). */
export function registerLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(BicubicResize);
  registered = true;
}

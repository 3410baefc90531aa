import { InvalidArgumentError, resizeMatrix } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Base TF.js layer arguments (name, inputShape, dtype…). */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Serialisable configuration of {@link BicubicUpscale}: the base layer arguments plus `scale`. */
export interface BicubicUpscaleConfig extends LayerArgs {
  /** Integer up-scaling factor (≥ 1) applied to height and width. */
  scale: number;
}

function checkScale(scale: unknown): number {
  if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 1) {
    throw new InvalidArgumentError('scale', `expected an integer ≥ 1, got ${String(scale)}`);
  }
  return scale;
}

/**
 * Fixed, differentiable MATLAB-bicubic up-scaling layer: [N,h,w,c] → [N,h·scale,w·scale,c].
 *
 * Each axis is resized by multiplying with the `resizeMatrix` interpolation matrix from
 * @lowres/core, so the output equals `imresize(x, { scale })`. The matrices are constants rebuilt
 * from the input size, not weights: the layer adds nothing to `countParams()` and only its
 * `scale` is serialised.
 */
export class BicubicUpscale extends tf.layers.Layer {
  /** Name under which the class is registered for (de)serialisation. */
  static className = 'RacnnBicubicUpscale';
  /** Integer up-scaling factor. */
  readonly scale: number;
  private readonly matrices = new Map<string, Float32Array>();

  constructor(config: BicubicUpscaleConfig) {
    const { scale, ...layerArgs } = config;
    super({ ...layerArgs, trainable: false });
    this.scale = checkScale(scale);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 4) {
      throw new InvalidArgumentError('input', `BicubicUpscale expects a rank-4 [N,h,w,c] input, got rank ${shape.length}`);
    }
    const [batch, height, width, channels] = shape;
    const up = (length: number | null | undefined): number | null => (length == null ? null : length * this.scale);
    return [batch ?? null, up(height), up(width), channels ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor;
      if (x.rank !== 4) {
        throw new InvalidArgumentError('input', `BicubicUpscale expects a rank-4 [N,h,w,c] tensor, got shape [${x.shape.join(', ')}]`);
      }
      const [batch, height, width, channels] = x.shape as [number, number, number, number];
      const outHeight = height * this.scale;
      const outWidth = width * this.scale;
      // Rows first, then columns (MATLAB's order for equal scales); each step is one matmul over a moved axis.
      const rows = tf.tensor2d(this.matrix(height, outHeight), [outHeight, height]);
      const columns = tf.tensor2d(this.matrix(width, outWidth), [outWidth, width]);
      const heightFirst = x.transpose([1, 0, 2, 3]).reshape([height, batch * width * channels]);
      const resizedRows = tf.matMul(rows, heightFirst).reshape([outHeight, batch, width, channels]);
      const widthFirst = resizedRows.transpose([2, 1, 0, 3]).reshape([width, batch * outHeight * channels]);
      const resized = tf.matMul(columns, widthFirst).reshape([outWidth, batch, outHeight, channels]);
      return resized.transpose([1, 2, 0, 3]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale };
  }

  private matrix(inLength: number, outLength: number): Float32Array {
    const key = `${inLength}:${outLength}`;
    let matrix = this.matrices.get(key);
    if (matrix === undefined) {
      matrix = Float32Array.from(resizeMatrix(inLength, outLength, this.scale));
      this.matrices.set(key, matrix);
    }
    return matrix;
  }
}

import { imresize, InvalidArgumentError, requirePositiveInteger } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Base TF.js layer arguments (name, inputShape, dtype…). */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Serialisable configuration of {@link BicubicUpscale}: the base layer arguments plus `scale`. */
export interface BicubicUpscaleConfig extends LayerArgs {
  /** Integer up-scaling factor (≥ 1) applied to height and width. */
  scale: number;
}

/**
 * Fixed, differentiable MATLAB-bicubic up-scaling layer: [N,h,w,c] → [N,h·scale,w·scale,c].
 *
 * The layer is @lowres/core's float `imresize(x, { scale })` (one product with a constant
 * interpolation matrix per axis), so it is differentiable, adds nothing to `countParams()` and only
 * its `scale` is serialised.
 */
export class BicubicUpscale extends tf.layers.Layer {
  /** Name under which the class is registered for (de)serialisation. */
  static className = 'RacnnBicubicUpscale';
  /** Integer up-scaling factor. */
  readonly scale: number;
  constructor(config: BicubicUpscaleConfig) {
    const { scale, ...layerArgs } = config;
    super({ ...layerArgs, trainable: false });
    this.scale = requirePositiveInteger('scale', scale);
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
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor;
    if (x.rank !== 4) {
      throw new InvalidArgumentError('input', `BicubicUpscale expects a rank-4 [N,h,w,c] tensor, got shape [${x.shape.join(', ')}]`);
    }
    return imresize(x as tf.Tensor4D, { scale: this.scale });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale };
  }
}

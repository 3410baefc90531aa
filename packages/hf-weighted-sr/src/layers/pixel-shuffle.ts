import { ShapeMismatchError, requirePositiveInteger } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Constructor options of {@link PixelShuffle}. */
export interface PixelShuffleConfig {
  /** Up-scaling factor s: [N,h,w,c·s²] → [N,h·s,w·s,c]. */
  scale: number;
  /** Layer name (unique within a model). */
  name?: string;
}

/**
 * Depth-to-space (pixel shuffle) with TensorFlow's channel order, out[n, y·s+i, x·s+j, c] =
 * in[n, y, x, (i·s + j)·C + c]. Built from reshape + transpose because `tf.depthToSpace` has no
 * gradient in tfjs-core 4.22.
 */
export class PixelShuffle extends tf.layers.Layer {
  /** Serialization name of the layer. */
  static readonly className = 'HfWeightedSrPixelShuffle';
  private readonly scale: number;

  constructor(config: PixelShuffleConfig) {
    super({ name: config.name });
    requirePositiveInteger('scale', config.scale);
    this.scale = config.scale;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [batch, height, width, depth] = shape;
    const block = this.scale * this.scale;
    if (shape.length !== 4 || typeof depth !== 'number' || depth % block !== 0) {
      throw new ShapeMismatchError('PixelShuffle input', `[N,h,w,c·${block}]`, shape.map((size) => size ?? -1));
    }
    const scaled = (size: number | null | undefined) => (typeof size === 'number' ? size * this.scale : null);
    return [batch ?? null, scaled(height), scaled(width), depth / block];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const image = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return pixelShuffle(image, this.scale);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale };
  }
}

/** Differentiable depth-to-space of a [N,h,w,c·s²] tensor (TensorFlow channel order). */
export function pixelShuffle(image: tf.Tensor4D, scale: number): tf.Tensor4D {
  const [batch, height, width, depth] = image.shape;
  const block = scale * scale;
  if (depth % block !== 0) {
    throw new ShapeMismatchError('pixelShuffle input', `[N,h,w,c·${block}]`, image.shape);
  }
  const channels = depth / block;
  return tf.tidy(() =>
    image
      // Row groups: [N·h, w, i, (j, c)] → [N·h, i, w, (j, c)], which is row-major [N, h·s, w·s, c].
      .reshape([batch * height, width, scale, scale * channels])
      .transpose([0, 2, 1, 3])
      .reshape([batch, height * scale, width * scale, channels]),
  );
}

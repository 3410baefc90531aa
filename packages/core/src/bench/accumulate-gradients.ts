import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError } from '../errors';

/** A loss of one micro-batch: labels and predictions in, the mean over its images out. */
export type MicroBatchLoss = (labels: tf.Tensor, predictions: tf.Tensor) => tf.Scalar;

/** Options of {@link accumulateGradients}. */
export interface AccumulateGradientsOptions {
  /** Mean loss of a micro-batch (default: mean categorical cross-entropy). */
  loss?: MicroBatchLoss;
  /** Run the model in training mode (dropout on, batch norm on batch statistics); default true. */
  training?: boolean;
  /** Variables to differentiate (default: the model's trainable weights), e.g. to leave frozen parts out. */
  variables?: tf.Variable[];
}

/** Result of {@link accumulateGradients}; the caller owns (and disposes) every tensor. */
export interface AccumulatedGradients {
  /** The loss over the whole batch: the image-weighted mean of the micro-batch losses. */
  loss: tf.Scalar;
  /** Gradients of `loss` keyed by variable name (`optimizer.applyGradients` takes them as `{ name, tensor }` pairs). */
  gradients: tf.NamedTensorMap;
}

const categoricalCrossentropy: MicroBatchLoss = (labels, predictions) =>
  tf.mean(tf.metrics.categoricalCrossentropy(labels, predictions)) as tf.Scalar;

/**
 * Gradients of a batch's mean loss computed `microBatch` images at a time, so a training step
 * needs the memory of one micro-batch only: each micro-batch's gradients are weighted by its
 * share of the images and summed. Batch normalization in training mode normalizes each
 * micro-batch by its own statistics and updates its moving averages once per micro-batch, so
 * with batch norm the result differs from one step on the whole batch (as in ghost batch norm).
 */
export function accumulateGradients(
  model: tf.LayersModel,
  images: tf.Tensor,
  labels: tf.Tensor,
  microBatch: number,
  options: AccumulateGradientsOptions = {},
): AccumulatedGradients {
  if (!Number.isInteger(microBatch) || microBatch < 1) {
    throw new InvalidArgumentError('microBatch', `expected an integer ≥ 1, got ${microBatch}`);
  }
  const batch = images.shape[0] ?? 0;
  if (images.rank < 1 || batch < 1) throw new ShapeMismatchError('images', '[batch ≥ 1, …]', images.shape);
  if (labels.shape[0] !== batch) throw new ShapeMismatchError('labels', `[${batch}, …] (one row per image)`, labels.shape);
  const variables = options.variables ?? model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  if (variables.length === 0) throw new InvalidArgumentError('variables', 'no trainable variables to differentiate');
  const loss = options.loss ?? categoricalCrossentropy;
  const training = options.training ?? true;

  let total: tf.Scalar | undefined;
  const sums: tf.NamedTensorMap = {};
  try {
    for (let start = 0; start < batch; start += microBatch) {
      const size = Math.min(microBatch, batch - start);
      const share = size / batch;
      // One micro-batch's forward and backward tensors live only inside this tidy.
      tf.tidy(() => {
        const part = (tensor: tf.Tensor) => tf.slice(tensor, start, size);
        const imagesPart = part(images);
        const labelsPart = part(labels);
        const { value, grads } = tf.variableGrads(
          () => loss(labelsPart, model.apply(imagesPart, { training }) as tf.Tensor),
          variables,
        );
        for (const [name, gradient] of Object.entries(grads)) {
          const weighted = share === 1 ? gradient : tf.mul(gradient, share);
          const previous = sums[name];
          sums[name] = tf.keep(previous ? tf.add(previous, weighted) : weighted);
          previous?.dispose();
        }
        const weightedLoss = tf.mul(value, share) as tf.Scalar;
        const previousTotal = total;
        total = tf.keep(previousTotal ? (tf.add(previousTotal, weightedLoss) as tf.Scalar) : weightedLoss);
        previousTotal?.dispose();
      });
    }
  } catch (error) {
    tf.dispose([...Object.values(sums), ...(total ? [total] : [])]);
    throw error;
  }
  return { loss: total as tf.Scalar, gradients: sums };
}

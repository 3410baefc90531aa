import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';
import { collectParameters } from './parameters';
import { type WeightedLoss, trainStep } from './train-step';

/** A loss of one micro-batch: labels and predictions in, the mean over its images out. */
type MicroBatchLoss = (labels: tf.Tensor, predictions: tf.Tensor) => tf.Scalar;

/** Options of {@link measureThroughput}. */
export interface ThroughputOptions {
  /** Images per step. */
  batch: number;
  /** One image's shape without the batch axis (default: the model's input shape). */
  inputShape?: readonly number[];
  /** Number of classes of the one-hot labels (default: the model's last output axis). */
  classes?: number;
  /** Timed steps; the median is reported. */
  steps: number;
  /** Untimed steps first (kernel set-up, Adam's variables, XNNPACK packing). */
  warmup: number;
  /** 'train': Adam step on the loss; 'infer': a forward pass in inference mode. */
  mode: 'train' | 'infer';
  /**
   * Training loss: 'categorical' cross-entropy on random one-hot labels (classifiers, the default)
   * or 'pixel' mean absolute error against random targets shaped like the output (SR front ends).
   */
  loss?: 'categorical' | 'pixel';
  /** Adam's learning rate (default 1e-3). */
  learningRate?: number;
  /**
   * Training only: compute each step's gradients this many images at a time with the engine's
   * trainStep (one Adam update per step), so that a large batch fits in memory.
   * Default: the whole batch at once.
   */
  microBatch?: number;
}

/** Result of {@link measureThroughput}. */
export interface ThroughputResult {
  mode: 'train' | 'infer';
  backend: string;
  batch: number;
  /** Images per forward/backward pass of a training step (equals `batch` without accumulation). */
  microBatch: number;
  /** batch / median step time. */
  imagesPerSecond: number;
  medianStepMilliseconds: number;
  /** Every timed step, in order. */
  stepMilliseconds: number[];
}

function positiveInteger(argument: string, value: number, minimum = 1): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new InvalidArgumentError(argument, `expected an integer ≥ ${minimum}, got ${value}`);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function resolveShape(model: tf.LayersModel, options: ThroughputOptions): number[] {
  const modelShape = model.inputs[0]?.shape.slice(1) ?? [];
  const shape = options.inputShape ? [...options.inputShape] : modelShape;
  if (shape.length === 0 || shape.some((size) => size === null || !Number.isInteger(size) || (size as number) < 1)) {
    throw new InvalidArgumentError('inputShape', `expected positive integer sizes, got [${shape.join(', ')}]`);
  }
  return shape as number[];
}

/** Random one-hot labels for a classifier's output. */
function oneHotLabels(model: tf.LayersModel, options: ThroughputOptions, batch: number): tf.Tensor {
  const outputClasses = model.outputs[0]?.shape.at(-1) ?? undefined;
  const classes = requirePositiveInteger('classes', options.classes ?? outputClasses);
  return tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32', 2), classes).toFloat());
}

/** Random targets in [0, 1) shaped like the model's output for `images`. */
function pixelTargets(model: tf.LayersModel, images: tf.Tensor): tf.Tensor {
  const shape = tf.tidy(() => (model.predict(images.slice(0, 1)) as tf.Tensor).shape.slice(1));
  return tf.randomUniform([images.shape[0] as number, ...shape], 0, 1, 'float32', 2);
}

/**
 * Images per second of training (Adam on categorical cross-entropy, `model.apply` in training
 * mode, one step of the engine's trainStep — the step every training loop takes, gradients summed
 * over micro-batches when `microBatch` is set, with its NaN guard) or inference on random data: the median of `steps` timed steps after
 * `warmup` untimed ones. Leaves no tensors behind; training changes the weights.
 */
export async function measureThroughput(model: tf.LayersModel, options: ThroughputOptions): Promise<ThroughputResult> {
  const { batch, steps, warmup, mode } = options;
  positiveInteger('batch', batch);
  positiveInteger('steps', steps);
  positiveInteger('warmup', warmup, 0);
  if (mode !== 'train' && mode !== 'infer') {
    throw new InvalidArgumentError('mode', `expected 'train' or 'infer', got ${String(mode)}`);
  }
  const microBatch = options.microBatch ?? batch;
  positiveInteger('microBatch', microBatch);
  if (microBatch > batch) {
    throw new InvalidArgumentError('microBatch', `expected at most the batch (${batch}), got ${microBatch}`);
  }
  const shape = resolveShape(model, options);
  const lossKind = options.loss ?? 'categorical';
  if (lossKind !== 'categorical' && lossKind !== 'pixel') {
    throw new InvalidArgumentError('loss', `expected 'categorical' or 'pixel', got ${String(lossKind)}`);
  }
  const images = tf.randomUniform([batch, ...shape], 0, 1, 'float32', 1);
  const labels = lossKind === 'pixel' ? pixelTargets(model, images) : oneHotLabels(model, options, batch);
  const lossOf: MicroBatchLoss =
    lossKind === 'pixel'
      ? (targets, predictions) => tf.mean(tf.abs(tf.sub(targets, predictions))) as tf.Scalar
      : (targets, predictions) => tf.mean(tf.metrics.categoricalCrossentropy(targets, predictions)) as tf.Scalar;
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  const parameters = mode === 'train' ? collectParameters([{ prefix: 'model', model }], [], 0) : [];
  const parts: WeightedLoss[] = [];
  for (let start = 0; start < batch; start += microBatch) {
    const size = Math.min(microBatch, batch - start);
    parts.push({
      weight: size / batch,
      loss: () => lossOf(tf.slice(labels, start, size), model.apply(tf.slice(images, start, size), { training: true }) as tf.Tensor),
    });
  }
  // Every read-back is asynchronous (await data()): WebGPU in Node has no synchronous read-back.
  const step = async (): Promise<void> => {
    if (mode === 'train') {
      await trainStep(optimizer, parameters, parts);
    } else {
      // One batch of `batch` images, as the training step takes them (predict would cut it into 32s).
      const predictions = tf.tidy(() => model.predict(images, { batchSize: batch }) as tf.Tensor);
      await predictions.data();
      predictions.dispose();
    }
  };
  const stepMilliseconds: number[] = [];
  try {
    for (let i = 0; i < warmup; i++) await step();
    for (let i = 0; i < steps; i++) {
      const start = performance.now();
      await step();
      stepMilliseconds.push(performance.now() - start);
    }
  } finally {
    images.dispose();
    labels.dispose();
    optimizer.dispose();
  }
  const medianStepMilliseconds = median(stepMilliseconds);
  return {
    mode,
    backend: tf.getBackend(),
    batch,
    microBatch,
    imagesPerSecond: (batch * 1000) / medianStepMilliseconds,
    medianStepMilliseconds,
    stepMilliseconds,
  };
}

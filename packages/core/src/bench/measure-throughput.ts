import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors';
import { accumulateGradients } from './accumulate-gradients';

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
  /** 'train': Adam step on categorical cross-entropy; 'infer': a forward pass in inference mode. */
  mode: 'train' | 'infer';
  /** Adam's learning rate (default 1e-3). */
  learningRate?: number;
  /**
   * Training only: compute each step's gradients this many images at a time with
   * {@link accumulateGradients} (one Adam update per step), so that a large batch fits in memory.
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

/**
 * Images per second of training (Adam on categorical cross-entropy, `model.apply` in training
 * mode, one `optimizer.minimize` per step, or one update from {@link accumulateGradients} when
 * `microBatch` is set) or inference on random data: the median of `steps` timed steps after
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
  const outputClasses = model.outputs[0]?.shape.at(-1) ?? undefined;
  const classes = options.classes ?? outputClasses;
  if (typeof classes !== 'number' || !Number.isInteger(classes) || classes < 1) {
    throw new InvalidArgumentError('classes', `expected a positive integer, got ${String(classes)}`);
  }

  const images = tf.randomUniform([batch, ...shape], 0, 1, 'float32', 1);
  const labels = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32', 2), classes).toFloat());
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  const step = (): void => {
    if (mode === 'train' && microBatch < batch) {
      const { loss, gradients } = accumulateGradients(model, images, labels, microBatch);
      optimizer.applyGradients(Object.entries(gradients).map(([name, tensor]) => ({ name, tensor })));
      loss.dataSync();
      tf.dispose([loss, ...Object.values(gradients)]);
    } else if (mode === 'train') {
      const cost = optimizer.minimize(() => {
        const predictions = model.apply(images, { training: true }) as tf.Tensor;
        return tf.mean(tf.metrics.categoricalCrossentropy(labels, predictions)) as tf.Scalar;
      }, true);
      cost?.dataSync();
      cost?.dispose();
    } else {
      const predictions = tf.tidy(() => model.predict(images) as tf.Tensor);
      predictions.dataSync();
      predictions.dispose();
    }
  };
  const stepMilliseconds: number[] = [];
  try {
    for (let i = 0; i < warmup; i++) step();
    for (let i = 0; i < steps; i++) {
      const start = performance.now();
      step();
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

/**
 * Trains LR-Net on Fashion-MNIST with the paper's recipe on the training engine: Adam 1e-3, batch 128, categorical
 * cross-entropy, early stopping on validation loss (patience 30, min-delta 0, best weights restored).
 * A validation split is held out from the training set; the test set is scored once at the end.
 *
 *   npx tsx --conditions @lowres/source scripts/train-fashion-mnist.ts [--epochs 1000] [--limit N]
 *     [--backend wasm|cpu|tensorflow] [--batch 128] [--patience 30] [--validation 0.1] [--seed 0]
 *     [--test-limit N] [--data /usr/share/datasets/fashion-mnist]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, initBackend } from '@lowres/core';
import { collectParameters, runPhase } from '@lowres/engine';
import { type ByteImageDataset, loadMnistFamily, stratifiedSplit } from '@lowres/datasets';
import { lrnet } from '../src/index';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '1000' },
    limit: { type: 'string' },
    'test-limit': { type: 'string' },
    backend: { type: 'string' },
    batch: { type: 'string', default: '128' },
    patience: { type: 'string', default: '30' },
    validation: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '0' },
    data: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
  },
});

function integerOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`--${name}`, `expected a positive integer, got '${text}'`);
  return value;
}

const epochs = integerOption('epochs', values.epochs)!;
const batchSize = integerOption('batch', values.batch)!;
const patience = integerOption('patience', values.patience)!;
const limit = integerOption('limit', values.limit);
const testLimit = integerOption('test-limit', values['test-limit']);
const validationFraction = Number(values.validation);
const seed = Number(values.seed);

/** The selected images as a float tensor in [0, 1] and one-hot labels. */
function toTensors(data: ByteImageDataset, indices: ArrayLike<number>): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const pixels = data.height * data.width * data.channels;
  const images = new Float32Array(indices.length * pixels);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const source = indices[i]!;
    for (let p = 0; p < pixels; p++) images[i * pixels + p] = data.images[source * pixels + p]! / 255;
    labels[i] = data.labels[source]!;
  }
  return tf.tidy(() => ({
    x: tf.tensor4d(images, [indices.length, data.height, data.width, data.channels]),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D,
  }));
}

/** Mean categorical cross-entropy and accuracy over a set, in inference mode. */
function evaluate(model: tf.LayersModel, x: tf.Tensor4D, y: tf.Tensor2D): { loss: number; accuracy: number } {
  let lossSum = 0;
  let correct = 0;
  const count = x.shape[0];
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const [loss, hits] = tf.tidy(() => {
      const xb = x.slice(start, size);
      const yb = y.slice(start, size);
      const p = model.predict(xb) as tf.Tensor2D;
      const total = tf.metrics.categoricalCrossentropy(yb, p).sum();
      const right = tf.equal(p.argMax(1), yb.argMax(1)).sum();
      return [total.dataSync()[0]!, right.dataSync()[0]!];
    });
    lossSum += loss;
    correct += hits;
  }
  return { loss: lossSum / count, accuracy: correct / count };
}

const backend = await initBackend(values.backend);
const train = await loadMnistFamily(values.data, 'train');
const test = await loadMnistFamily(values.data, 'test');
const used = Math.min(limit ?? train.count, train.count);
const split = stratifiedSplit(train.labels.subarray(0, used), { validationFraction, seed });
const trainSet = toTensors(train, split.train);
const validationSet = toTensors(train, split.validation);
const testIndices = Array.from({ length: Math.min(testLimit ?? test.count, test.count) }, (_, i) => i);
const testSet = toTensors(test, testIndices);
console.log(
  `backend ${backend}; train ${split.train.length}, validation ${split.validation.length}, test ${testIndices.length}; batch ${batchSize}, patience ${patience}`,
);

const model = lrnet({ seed }).build({ height: train.height, width: train.width, channels: train.channels }, 10);
console.log(`LR-Net parameters: ${model.countParams()}`);
// The training engine: Adam 1e-3, seeded shuffling, early stopping on val_loss with the best weights restored.
let started = performance.now();
const phase = await runPhase({
  name: 'classifier',
  seed,
  model,
  parameters: collectParameters([{ prefix: 'classifier', model }], [], 0),
  examples: split.train.length,
  epochs,
  batchSize,
  optimizer: { name: 'adam', learningRate: 1e-3 },
  objective: {
    loss: (indices) => {
      const picked = tf.tensor1d(indices, 'int32');
      const xb = tf.gather(trainSet.x, picked);
      const yb = tf.gather(trainSet.y, picked);
      return tf.metrics.categoricalCrossentropy(yb, model.apply(xb, { training: true }) as tf.Tensor).mean() as tf.Scalar;
    },
  },
  validate: () => evaluate(model, validationSet.x, validationSet.y),
  earlyStopping: { monitor: 'val_loss', patience, minDelta: 0, restoreBest: true },
  callbacks: {
    onEpochEnd: (record) => {
      const seconds = (performance.now() - started) / 1000;
      started = performance.now();
      console.log(
        `epoch ${record.epoch + 1}: loss ${record.loss.toFixed(4)}, val_loss ${record.val_loss?.toFixed(4)}, val_accuracy ${(100 * (record.val_accuracy ?? 0)).toFixed(2)}% (${seconds.toFixed(1)} s)`,
      );
    },
  },
});
if (phase.stoppedEarly) console.log(`early stop: no val_loss improvement for ${patience} epochs`);
const bestEpoch = phase.bestEpoch ?? phase.epochsRun - 1;
const bestLoss = phase.history[bestEpoch]?.val_loss ?? Number.NaN;
const result = evaluate(model, testSet.x, testSet.y);
console.log(`best epoch ${bestEpoch + 1} (val_loss ${bestLoss.toFixed(4)}); test loss ${result.loss.toFixed(4)}, test accuracy ${(100 * result.accuracy).toFixed(2)}%`);
tf.dispose([trainSet.x, trainSet.y, validationSet.x, validationSet.y, testSet.x, testSet.y]);
model.dispose();

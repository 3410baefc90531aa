/**
 * Trains a narrow BagNet briefly on Fashion-MNIST (bicubic-resized) and prints the loss of every
 * step; optionally writes a class-evidence heatmap of the first test image.
 *
 *   npx tsx --conditions @lowres/source scripts/train-demo.ts [--patch 9|17|33] [--width 0.125]
 *     [--optimizer adam|sgd|adadelta] [--learning-rate R] [--steps 20] [--batch 32] [--limit 640]
 *     [--scale 2] [--backend wasm|cpu] [--seed 0] [--heatmap evidence.png]
 *     [--data /usr/share/datasets/fashion-mnist]
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, imresize, initBackend } from '@lowres/core';
import { type ByteImageDataset, loadMnistFamily } from '@lowres/datasets';
import { type BagnetOptimizerName, type BagnetPatch, bagnet, classEvidence, renderEvidenceHeatmap, trainBagnet } from '../src/index';

const { values } = parseArgs({
  options: {
    patch: { type: 'string', default: '9' },
    width: { type: 'string', default: '0.125' },
    optimizer: { type: 'string', default: 'adam' },
    'learning-rate': { type: 'string' },
    steps: { type: 'string', default: '20' },
    batch: { type: 'string', default: '32' },
    limit: { type: 'string', default: '640' },
    scale: { type: 'string', default: '2' },
    backend: { type: 'string' },
    seed: { type: 'string', default: '0' },
    heatmap: { type: 'string' },
    data: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
  },
});

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`--${name}`, `expected a positive integer, got '${text}'`);
  return value;
}

const patch = Number(values.patch) as BagnetPatch;
const steps = positiveInteger('steps', values.steps);
const batchSize = positiveInteger('batch', values.batch);
const limit = positiveInteger('limit', values.limit);
const scale = positiveInteger('scale', values.scale);
const seed = Number(values.seed);
const optimizer = values.optimizer as BagnetOptimizerName;
const learningRate = values['learning-rate'] === undefined ? undefined : Number(values['learning-rate']);

/** The first `count` images, bicubic-resized by `scale` (uint8 arithmetic as MATLAB), in [0, 1]. */
function prepare(data: ByteImageDataset, count: number): { images: tf.Tensor4D; labels: tf.Tensor2D } {
  const n = Math.min(count, data.count);
  const pixels = data.height * data.width * data.channels;
  return tf.tidy(() => {
    const bytes = tf.tensor4d(Int32Array.from(data.images.subarray(0, n * pixels)), [n, data.height, data.width, data.channels], 'int32');
    const resized = scale === 1 ? bytes : imresize(bytes, { scale });
    return {
      images: resized.toFloat().div(255) as tf.Tensor4D,
      labels: tf.oneHot(tf.tensor1d(Int32Array.from(data.labels.subarray(0, n)), 'int32'), 10).toFloat() as tf.Tensor2D,
    };
  });
}

const backend = await initBackend(values.backend);
const train = prepare(await loadMnistFamily(values.data, 'train'), limit);
const [, height, width, channels] = train.images.shape;
const model = bagnet({ patch, width: Number(values.width), seed }).build({ height, width, channels }, 10);
console.log(`backend ${backend}; BagNet-${patch} width ${values.width} on ${height}×${width}×${channels}; ${model.countParams()} parameters; ${optimizer}`);

const epochs = Math.ceil((steps * batchSize) / train.images.shape[0]);
const started = performance.now();
await trainBagnet(model, train, {
  optimizer,
  learningRate,
  batchSize,
  epochs,
  maxSteps: steps,
  seed,
  onStep: ({ step, epoch, loss }) => console.log(`step ${step} (epoch ${epoch + 1}): loss ${loss.toFixed(4)}`),
});
console.log(`${steps} steps in ${((performance.now() - started) / 1000).toFixed(1)} s`);

if (values.heatmap) {
  const test = prepare(await loadMnistFamily(values.data, 'test'), 1);
  const evidence = classEvidence(model, test.images);
  const label = test.labels.argMax(1).dataSync()[0]!;
  const image = test.images.squeeze([0]) as tf.Tensor3D;
  await writeFile(values.heatmap, renderEvidenceHeatmap(image, evidence, { classIndex: label, scale: 4 }));
  console.log(`wrote ${values.heatmap}: evidence for class ${label} on a ${evidence.shape[1]}×${evidence.shape[2]} patch grid`);
  tf.dispose([test.images, test.labels, evidence, image]);
}
tf.dispose([train.images, train.labels]);
model.dispose();

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { backendReport, initBackend } from '../backend/init-backend';
import { createRng } from '../rng';
import { expectNoTensorLeaks } from '../testing/leaks';
import { testSeed } from './kernel-test-support';

const seed = testSeed('wasm-training');
const rng = createRng(seed);

/** Images with a bright 2×2 blob in the left (class 0) or right (class 1) half, plus noise. */
function syntheticTask(count: number): { images: tf.Tensor4D; labels: tf.Tensor2D } {
  const size = 8;
  const pixels = new Float32Array(count * size * size);
  const labels = new Float32Array(count * 2);
  for (let n = 0; n < count; n++) {
    const label = n % 2;
    labels[n * 2 + label] = 1;
    for (let i = 0; i < size * size; i++) pixels[n * size * size + i] = 0.2 * rng.next();
    const row = rng.int(size - 1);
    const column = label * 4 + rng.int(3);
    for (const [dr, dc] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
      pixels[n * size * size + (row + dr) * size + column + dc] = 1;
    }
  }
  return { images: tf.tensor4d(pixels, [count, size, size, 1]), labels: tf.tensor2d(labels, [count, 2]) };
}

function convNet(): tf.LayersModel {
  const initializer = () => tf.initializers.glorotUniform({ seed: rng.seed() });
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: initializer() }));
  // Fast-moving statistics, so inference-mode accuracy after 40 steps reflects what was learned.
  model.add(tf.layers.batchNormalization({ momentum: 0.5 }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu', kernelInitializer: initializer() }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dropout({ rate: 0.1, seed: rng.seed() }));
  model.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: initializer() }));
  model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
  return model;
}

describe('training a conv net on wasm', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1 });
  });

  it('registers the fast kernels and reports them', () => {
    expect(backendReport()?.fastKernels).toBe(true);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('decreases the loss on a learnable task without leaking tensors', async () => {
    const { images, labels } = syntheticTask(64);
    const model = convNet();
    // The first step creates Adam's moment variables (two per trainable weight): not a leak.
    const losses: number[] = [(await model.trainOnBatch(images, labels)) as number];
    for (let step = 1; step < 40; step++) {
      const loss = await expectNoTensorLeaks(() => model.trainOnBatch(images, labels), `training step ${step}`);
      losses.push(loss as number);
    }
    const accuracy = tf.tidy(() => {
      const predicted = (model.predict(images) as tf.Tensor).argMax(1);
      return predicted.equal(labels.argMax(1)).mean().dataSync()[0] as number;
    });
    model.dispose();
    images.dispose();
    labels.dispose();
    const first = losses.slice(0, 3).reduce((a, b) => a + b) / 3;
    const last = losses.slice(-3).reduce((a, b) => a + b) / 3;
    expect(last).toBeLessThan(0.5 * first);
    expect(accuracy).toBeGreaterThan(0.9);
  });
});

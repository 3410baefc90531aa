import * as tf from '@tensorflow/tfjs';
import { collectParameters, createOptimizer, trainStep } from '@lowres/engine';
import { describe, expect, it } from 'vitest';
import { nativeForTests } from './test-support';

const { available } = nativeForTests();

describe.skipIf(!available)('500 training steps on native', () => {
  it('keep the tensor count and the resident memory flat (no JS or native leak)', async () => {
    await tf.setBackend('native');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tf.layers.batchNormalization(),
        tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    // The engine's step, the one every lowres training run takes (lean gradients, fused batch norm).
    const optimizer = createOptimizer({ name: 'adam', learningRate: 1e-3 });
    const parameters = collectParameters([{ prefix: 'model', model }], [], 1e-4);
    const x = tf.randomUniform([32, 16, 16, 3]);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32'), 10);
    const samples: Array<{ step: number; tensors: number; rss: number }> = [];
    for (let step = 1; step <= 500; step++) {
      const result = await trainStep(optimizer, parameters, () =>
        tf.mean(tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
      );
      expect(result.finite).toBe(true);
      if (step === 100 || step === 500) {
        global.gc?.();
        samples.push({ step, tensors: tf.memory().numTensors, rss: process.memoryUsage().rss });
      }
    }
    const [early, late] = samples as [(typeof samples)[0], (typeof samples)[0]];
    console.info(`tensors ${early.tensors} → ${late.tensors}; RSS ${(early.rss / 2 ** 20).toFixed(0)} → ${(late.rss / 2 ** 20).toFixed(0)} MiB`);
    expect(late.tensors).toBe(early.tensors);
    // 400 more steps allocate ~2 GB in total; a leak of even one output per step would show here.
    expect(late.rss - early.rss).toBeLessThan(48 * 2 ** 20);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});

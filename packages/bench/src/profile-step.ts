import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lowres/core';
import { collectParameters, createOptimizer, trainStep } from '@lowres/engine';
import { buildLrnetShaped } from './lrnet-model';

/** Prints where one LR-Net training step spends its time, per kernel: `profile-step.ts <backend> <threads> <batch>`. */
async function main(): Promise<void> {
  const [backend = 'wasm', threads = '1', batch = '16'] = process.argv.slice(2);
  await initBackend(backend, backend === 'wasm' ? { threads: Number(threads) } : {});
  const model = buildLrnetShaped([28, 28, 1], 10);
  const images = tf.randomUniform([Number(batch), 28, 28, 1]);
  const labels = tf.oneHot(tf.randomUniform([Number(batch)], 0, 10, 'int32'), 10).toFloat();
  const optimizer = createOptimizer({ name: 'adam', learningRate: 1e-3 });
  const parameters = collectParameters([{ prefix: 'model', model }], [], 0);
  // The engine's step, the one every training loop takes.
  const step = async (): Promise<void> => {
    await trainStep(optimizer, parameters, () =>
      tf.mean(tf.metrics.categoricalCrossentropy(labels, model.apply(images, { training: true }) as tf.Tensor)) as tf.Scalar,
    );
  };
  await step();
  const start = performance.now();
  const profile = await tf.profile(step);
  const wall = performance.now() - start;
  const totals = new Map<string, { milliseconds: number; calls: number }>();
  for (const kernel of profile.kernels) {
    const entry = totals.get(kernel.name) ?? { milliseconds: 0, calls: 0 };
    entry.milliseconds += Number(kernel.kernelTimeMs);
    entry.calls += 1;
    totals.set(kernel.name, entry);
  }
  const rows = [...totals].sort((a, b) => b[1].milliseconds - a[1].milliseconds);
  console.log(`step wall ${wall.toFixed(0)} ms on ${backend}/${threads} thread(s), batch ${batch}`);
  // The wasm heap only grows, so its size is the high-water mark of the steps so far.
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.byteLength;
  if (heap !== undefined) console.log(`wasm heap ${(heap / 2 ** 20).toFixed(0)} MB (high-water mark of two steps)`);
  for (const [name, { milliseconds, calls }] of rows.slice(0, 15)) {
    console.log(`${name.padEnd(28)} ${milliseconds.toFixed(1).padStart(9)} ms  ${String(calls).padStart(4)} calls`);
  }
}

await main();

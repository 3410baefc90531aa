import { initBackend, probeBackends } from '@lowres/core';
import { expectNoTensorLeaks, relativeError } from '@lowres/core/testing';
import { lrnet } from '@lowres/lrnet';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRegistry, crossEntropy, identitySr, train } from '@lowres/trainer';
import { quadrantDataset } from '@lowres/trainer/testing';

// On CI this runs on software Vulkan (Mesa lavapipe, installed by scripts/setup-software-vulkan.sh),
// forced; on a machine without a Dawn-accepted adapter it is skipped and says why.
const webgpu = (await probeBackends({ forced: 'webgpu' })).find((probe) => probe.backend === 'webgpu');
const available = webgpu?.available === true;
const label = available ? `on ${webgpu.adapter}` : `skipped: ${webgpu?.reason ?? 'not probed'}`;
if (!available) console.warn(`webgpu-training.test.ts: ${label}`);

const TOLERANCE = 1e-4;
const LRNET = { width: 0.25, seed: 7 };
const registry = createRegistry({ sr: { none: identitySr }, classifiers: { lrnet: lrnet(LRNET) } });
const data = { train: quadrantDataset(24, 28) };

/** Step losses of a few LR-Net steps through train() on `backend`, and the backend each step ran on. */
async function trainOn(backend: 'cpu' | 'webgpu'): Promise<{ losses: number[]; backends: string[] }> {
  await initBackend(backend);
  const losses: number[] = [];
  const backends: string[] = [];
  const onStepEnd = (step: { loss: number }) => {
    losses.push(step.loss);
    backends.push(tf.getBackend());
  };
  const run = await train(
    { classifier: 'lrnet', epochs: 1, batchSize: 8, seed: 3, optimizer: { name: 'sgd', learningRate: 0.05 } },
    { registry, data, progress: null, callbacks: { onStepEnd } },
  );
  run.pipeline.model.dispose();
  return { losses, backends };
}

/** LR-Net's cross-entropy gradients for every trainable weight on `backend`, from the same weights. */
async function gradientsOn(backend: 'cpu' | 'webgpu', weights: Float32Array[] | null): Promise<{ weights: Float32Array[]; gradients: Float32Array[] }> {
  await initBackend(backend);
  const model = lrnet(LRNET).build({ height: 28, width: 28, channels: 1 }, 4);
  if (weights) {
    const values = model.weights.map((weight, i) => tf.tensor(weights[i]!, weight.shape as number[]));
    model.setWeights(values);
    tf.dispose(values);
  }
  // getWeights() returns the model's own variables: read, not disposed.
  const initial = await Promise.all(model.getWeights().map(async (tensor) => (await tensor.data()) as Float32Array));
  // The first 8 images, scaled to [0, 1] as the trainer does.
  const x = tf.tensor4d(Float32Array.from(data.train.images.subarray(0, 8 * 28 * 28), (pixel) => pixel / 255), [8, 28, 28, 1]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(data.train.labels).slice(0, 8), 'int32'), 4).toFloat() as tf.Tensor2D);
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => crossEntropy(y, model.apply(x, { training: true }) as tf.Tensor), variables);
  const gradients = await Promise.all(variables.map(async (variable) => (await grads[variable.name]!.data()) as Float32Array));
  tf.dispose([value, x, y, ...Object.values(grads)]);
  model.dispose();
  return { weights: initial, gradients };
}

describe.skipIf(!available)(`LR-Net trains on webgpu with the cpu backend's numbers (${label})`, () => {
  it(`takes the same steps through train() as cpu, within ${TOLERANCE} relative`, async () => {
    const cpu = await trainOn('cpu');
    const gpu = await expectNoTensorLeaks(() => trainOn('webgpu'), 'train() on webgpu');
    expect(gpu.backends).toEqual(['webgpu', 'webgpu', 'webgpu']);
    expect(gpu.losses).toHaveLength(3);
    gpu.losses.forEach((loss, i) => {
      expect(Math.abs(loss - cpu.losses[i]!) / Math.abs(cpu.losses[i]!), `step ${i} loss`).toBeLessThan(TOLERANCE);
    });
  });

  it(`computes every LR-Net gradient as cpu does, within ${TOLERANCE} relative`, async () => {
    const cpu = await gradientsOn('cpu', null);
    const gpu = await expectNoTensorLeaks(() => gradientsOn('webgpu', cpu.weights), 'gradients on webgpu');
    expect(gpu.gradients.length).toBeGreaterThan(20);
    gpu.gradients.forEach((gradient, i) => {
      expect(relativeError(gradient, cpu.gradients[i]!), `gradient ${i}`).toBeLessThan(TOLERANCE);
    });
  });
});

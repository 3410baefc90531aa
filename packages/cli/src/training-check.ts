import { type BackendReport, backendReport, initBackend } from '@lowres/core';
import { collectParameters, createOptimizer, trainStep } from '@lowres/engine';
import { cliImporter } from './backend-session';
import * as tf from '@tensorflow/tfjs';

/** What {@link runTrainingCheck} measured on one backend. */
export interface TrainingCheck {
  backend: string;
  /** Loss of one SGD step of a tiny conv net (seeded, identical weights on every backend). */
  loss: number;
  /** The same step's loss on the cpu backend, the reference. */
  cpuLoss: number;
  /** |loss − cpuLoss| / max(|cpuLoss|, 1e-12). */
  relativeDifference: number;
  milliseconds: number;
  /** Whether the step really ran on a GPU: TensorFlow reports a GPU device, or WebGPU on a hardware adapter. */
  ranOnGpu: boolean;
  /** Why `ranOnGpu` is what it is, in words. */
  evidence: string;
}

/** One seeded SGD step of a tiny conv + batch-norm + dense net on the active backend; returns its loss (read back asynchronously). */
async function oneStep(): Promise<number> {
  const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: seeded(1) }),
      tf.layers.batchNormalization(),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: seeded(2) }),
    ],
  });
  const x = tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', 3);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3).toFloat();
  const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.1 });
  try {
    // The engine's own step, the one every training run takes.
    const step = await trainStep(optimizer, collectParameters([{ prefix: 'check', model }], [], 0), () =>
      tf.mean(tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
    );
    return step.loss;
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}

function gpuEvidence(report: BackendReport): { ranOnGpu: boolean; evidence: string } {
  if (report.backend === 'tensorflow') {
    const usingGpu = (tf.backend() as tf.KernelBackend & { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
    return { ranOnGpu: usingGpu, evidence: `TensorFlow reports isUsingGpuDevice = ${usingGpu}` };
  }
  if (report.backend === 'webgpu') {
    const hardware = report.device === 'gpu';
    return { ranOnGpu: hardware, evidence: `WebGPU adapter ${report.adapter ?? '(unnamed)'} is ${hardware ? 'a hardware GPU' : 'a software renderer on the CPU'}` };
  }
  return { ranOnGpu: false, evidence: `${report.backend} computes on the CPU` };
}

/**
 * Runs one tiny training step on `backend` and on cpu, and says whether it ran on a GPU and whether
 * the two losses agree. Leaves `backend` active.
 */
export async function runTrainingCheck(backend: string): Promise<TrainingCheck> {
  await initBackend('cpu');
  const cpuLoss = await oneStep();
  await initBackend(backend, { importer: cliImporter });
  const report = backendReport() as BackendReport;
  const started = performance.now();
  const loss = await oneStep();
  const milliseconds = performance.now() - started;
  return {
    backend: report.backend,
    loss,
    cpuLoss,
    relativeDifference: Math.abs(loss - cpuLoss) / Math.max(Math.abs(cpuLoss), 1e-12),
    milliseconds,
    ...gpuEvidence(report),
  };
}

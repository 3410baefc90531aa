import type { TrainConfigInput } from '@lowres/trainer';

/** Default epochs of the demo: about 6 minutes on 2 CPU cores with wasm (2,700 training images per epoch, ~2 min each). */
export const DEMO_EPOCHS = 3;

/**
 * The README's first run: RACNN-SR ×2 (Gaussian 'g-' init) + LR-Net trained end to end on the
 * embedded 'fashion-mnist-mini' images degraded 28→14, so LR-Net sees 28×28 SR outputs.
 */
export function demoConfig(options: { epochs?: number; outDir?: string; dataset?: string; limit?: number } = {}): TrainConfigInput {
  return {
    mode: 'end-to-end',
    sr: { name: 'racnn', options: { scale: 2, init: 'gaussian', seed: 1 } },
    classifier: { name: 'lrnet', options: {} },
    dataset: { name: options.dataset ?? 'fashion-mnist-mini', options: {}, ...(options.limit !== undefined ? { limit: options.limit, testLimit: options.limit } : {}) },
    lowResolution: { factor: 2 },
    epochs: options.epochs ?? DEMO_EPOCHS,
    batchSize: 32,
    seed: 1,
    validationSplit: 0.1,
    optimizer: { name: 'adam', learningRate: 1e-3 },
    schedule: { type: 'constant' },
    checkpoint: { everySteps: 50, keepLast: 2 },
    batchNormRecalibration: 1024,
    ...(options.outDir ? { outDir: options.outDir } : {}),
  };
}

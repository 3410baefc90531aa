import type { TrainConfigInput } from '@lowres/trainer';

/** Where Debian's dataset-fashion-mnist package installs the full dataset. */
export const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

/** The demo's two data sources: a slice of the full Fashion-MNIST (an IDX folder), or the embedded subset. */
export type DemoSource = { kind: 'full'; dir: string } | { kind: 'mini' };

/** Default epochs of the demo on the embedded subset (2,700 training images). */
export const DEMO_EPOCHS = 3;

/**
 * The demo on a slice of the full set: the first 22,000 training images (5 % held out) seen once in
 * batches of 64 with Adam 2e-3 decaying to 0 (cosine), scored on the first 2,000 test images. About
 * 3 minutes on 2 cores with the native engine; fresh images teach more per step than epochs over
 * the 2,700-image subset.
 */
const FULL_SLICE = { limit: 22_000, testLimit: 2_000, epochs: 1, batchSize: 64, learningRate: 2e-3 } as const;

/** Options of {@link demoConfig}. */
export interface DemoOptions {
  source?: DemoSource;
  epochs?: number;
  outDir?: string;
  /** First N images of each split instead of the demo's own slice. */
  limit?: number;
}

/**
 * The README's first run: RACNN-SR ×2 (Gaussian 'g-' init) + LR-Net trained end to end on
 * Fashion-MNIST degraded 28→14, so LR-Net sees 28×28 SR outputs. On the full set (when present) a
 * slice seen once with a cosine schedule; on the embedded subset three epochs at a constant rate.
 */
export function demoConfig(options: DemoOptions = {}): TrainConfigInput {
  const source = options.source ?? { kind: 'mini' };
  const full = source.kind === 'full';
  const limits =
    options.limit !== undefined ? { limit: options.limit, testLimit: options.limit } : full ? { limit: FULL_SLICE.limit, testLimit: FULL_SLICE.testLimit } : {};
  return {
    mode: 'end-to-end',
    sr: { name: 'racnn', options: { scale: 2, init: 'gaussian', seed: 1 } },
    classifier: { name: 'lrnet', options: {} },
    dataset: full ? { name: 'fashion-mnist', dir: source.dir, options: {}, ...limits } : { name: 'fashion-mnist-mini', options: {}, ...limits },
    lowResolution: { factor: 2 },
    epochs: options.epochs ?? (full ? FULL_SLICE.epochs : DEMO_EPOCHS),
    batchSize: full ? FULL_SLICE.batchSize : 32,
    seed: 1,
    validationSplit: full ? 0.05 : 0.1,
    optimizer: { name: 'adam', learningRate: full ? FULL_SLICE.learningRate : 1e-3 },
    schedule: full ? { type: 'cosine', minimumLearningRate: 0 } : { type: 'constant' },
    checkpoint: { everySteps: full ? 100 : 50, keepLast: 2 },
    batchNormRecalibration: 1024,
    ...(options.outDir ? { outDir: options.outDir } : {}),
  };
}

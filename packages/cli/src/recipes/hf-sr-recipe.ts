import type { Recipe } from './recipe';

// 50,000 training images in batches of 64: 782 steps per epoch; the paper stops at 180k iterations.
const STEPS_PER_EPOCH = Math.ceil(50_000 / 64);

/** Staged HF-weighted WDSR-A ×2 (α = 1/5), then pre-activation ResNet-164 on CIFAR-10 (paper: 95.23 %). */
export const hfSrCifar10: Recipe = {
  name: 'hf-sr-cifar10',
  title: 'CIFAR-10 down-scaled ×1/2, HF-weighted WDSR-A ×2 (α = 1/5), then pre-act ResNet-164 on the SR images',
  dataset: 'cifar-10',
  config: {
    mode: 'staged',
    sr: { name: 'wdsr-a', options: { scale: 2, blocks: 8, alpha: 1 / 5 } },
    classifier: { name: 'preact-resnet164', options: {} },
    lowResolution: { factor: 2 },
    pretrain: { epochs: 20, batchSize: 16, optimizer: { name: 'adam', learningRate: 1e-3 } },
    optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9 },
    weightDecay: 1e-4,
    schedule: { type: 'multi-step', milestones: [80_000, 120_000, 160_000], gamma: 0.1, unit: 'iteration' },
    batchSize: 64,
    epochs: Math.ceil(180_000 / STEPS_PER_EPOCH),
    validationSplit: 0,
    checkpoint: { everySteps: 500, keepLast: 3 },
    seed: 0,
  },
  metric: 'accuracy',
  paper: { value: 0.9523, source: 'CIFAR classification after ×2 up-scaling (HF-weighted SR paper): α=1/5, CIFAR-10' },
  notes: [
    'The paper trains WDSR-A on DIV2K patches; this recipe pre-trains it on (degraded, original) CIFAR-10 training pairs.',
    'The paper augments with 4-pixel pad-and-crop, horizontal flips and per-image whitening; the trainer applies no augmentation yet.',
    'Weight decay 1e-4 is the usual pre-act ResNet value (the paper does not state it).',
  ],
};

import type { Recipe } from './recipe';

/**
 * LR-Net's training protocol (specs/lrnet.md): Adam 1e-3, batch 128, up to 1000 epochs, 10 % of the
 * training set held out for early stopping on validation loss (patience 30, best weights restored),
 * the test set scored once. Everything of a recipe's config but its mode and plugins.
 */
export const lrnetProtocol = {
  optimizer: { name: 'adam', learningRate: 1e-3 },
  schedule: { type: 'constant' },
  batchSize: 128,
  // Two passes of 64 per step: a batch-128 LR-Net step does not fit wasm's 4 GB heap.
  microBatchSize: 64,
  epochs: 1000,
  validationSplit: 0.1,
  earlyStopping: { monitor: 'val_loss', patience: 30, minDelta: 0, restoreBest: true },
  checkpoint: { everySteps: 200, keepLast: 3 },
  seed: 0,
} as const satisfies Omit<Recipe['config'], 'mode' | 'sr' | 'classifier'>;

/** How every recipe on {@link lrnetProtocol} knowingly differs from the LR-Net paper's run. */
export const lrnetProtocolNotes: readonly string[] = [
  'The paper validated on the test set; this recipe holds out 10 % of the training set for early stopping and reports the test set once.',
  'The published figure is the last-epoch test accuracy of one short run; ours restores the best validation weights.',
  'Each batch of 128 is two micro-batches of 64 (summed gradients), so batch norm sees 64 images at a time.',
];

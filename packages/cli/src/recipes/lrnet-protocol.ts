import type { Recipe } from './recipe';

/**
 * LR-Net's training protocol (specs/lrnet.md): Adam 1e-3, batch 128, up to 1000 epochs, 10 % of the
 * training set held out for early stopping on validation loss (patience 30, best weights restored),
 * the test set scored once. Everything of a recipe's config but its mode and plugins.
 */
export const lrnetProtocol = {
  optimizer: { name: 'adam', learningRate: 1e-3 },
  schedule: { type: 'constant' },
  // One batch of 128, so batch norm sees 128 images as in the paper; on wasm, whose 4 GB heap does not
  // hold a batch-128 LR-Net step, `lowres reproduce --micro-batch 64` runs it (and records the deviation).
  batchSize: 128,
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
];

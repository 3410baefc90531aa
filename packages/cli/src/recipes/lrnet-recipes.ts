import type { Recipe } from './recipe';

const lrnetNotes = [
  'The paper validated on the test set; this recipe holds out 10 % of the training set for early stopping and reports the test set once.',
  'The published figure is the last-epoch test accuracy of one short run; ours restores the best validation weights.',
];

function lrnetRecipe(name: string, dataset: string, title: string, value: number, source: string): Recipe {
  return {
    name,
    title,
    dataset,
    config: {
      mode: 'classifier',
      sr: 'none',
      classifier: { name: 'lrnet', options: {} },
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
    },
    metric: 'accuracy',
    paper: { value, source },
    notes: [
      ...lrnetNotes,
      'Native 28×28 images: the LR-Net protocol applies no degradation.',
      'Each batch of 128 is two micro-batches of 64 (summed gradients), so batch norm sees 64 images at a time.',
    ],
  };
}

/** LR-Net on MNIST (paper: 99.47 %). */
export const lrnetMnist = lrnetRecipe(
  'lrnet-mnist',
  'mnist',
  'LR-Net on MNIST, Adam 1e-3, batch 128, early stopping on val loss (patience 30)',
  0.9947,
  'published figures (LR-Net paper): MNIST test accuracy',
);

/** LR-Net on Fashion-MNIST (paper: 95.03 %). */
export const lrnetFashionMnist = lrnetRecipe(
  'lrnet-fashion-mnist',
  'fashion-mnist',
  'LR-Net on Fashion-MNIST, Adam 1e-3, batch 128, early stopping on val loss (patience 30)',
  0.9503,
  'published figures (LR-Net paper): Fashion-MNIST test accuracy',
);

/** LR-Net on Oracle-MNIST (paper: 95.13 %; ten repeated runs average 94.48 ± 0.69 %). */
export const lrnetOracleMnist = lrnetRecipe(
  'lrnet-oracle-mnist',
  'oracle-mnist',
  'LR-Net on Oracle-MNIST, Adam 1e-3, batch 128, early stopping on val loss (patience 30)',
  0.9513,
  'published figures (LR-Net paper): Oracle-MNIST test accuracy (10-run mean 94.48 ± 0.69 %)',
);

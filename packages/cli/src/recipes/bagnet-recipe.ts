import type { Recipe } from './recipe';

/** BagNet-33 with Adam on Tiny ImageNet at its native 64×64 (paper: best validation accuracy 0.4432). */
export const bagnetTinyImagenet: Recipe = {
  name: 'bagnet-tiny-imagenet',
  title: 'BagNet-33 from scratch on Tiny ImageNet 64×64, Adam, batch 100, 15 epochs',
  dataset: 'tiny-imagenet',
  config: {
    mode: 'classifier',
    sr: 'none',
    classifier: { name: 'bagnet33', options: {} },
    optimizer: { name: 'adam', learningRate: 1e-3 },
    schedule: { type: 'constant' },
    batchSize: 100,
    epochs: 15,
    validationSplit: 0,
    checkpoint: { everySteps: 200, keepLast: 3 },
    seed: 0,
  },
  image: { size: [64, 64] },
  metric: 'accuracy',
  paper: { value: 0.4432, source: 'published low-resolution results (BagNet report): BagNet 33 + Adam, best val acc' },
  notes: [
    'The paper reports the best accuracy over 15 epochs on the official validation split (our test split); ours is the accuracy after the last epoch.',
    'Adam learning rate 1e-3 (the report gives no value; the framework default).',
  ],
};

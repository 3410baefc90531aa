import { lrnetProtocol, lrnetProtocolNotes } from './lrnet-protocol';
import type { Recipe } from './recipe';

function lrnetRecipe(name: string, dataset: string, title: string, value: number, source: string): Recipe {
  return {
    name,
    title,
    dataset,
    config: { ...lrnetProtocol, mode: 'classifier', sr: 'none', classifier: { name: 'lrnet', options: {} } },
    metric: 'accuracy',
    paper: { value, source },
    notes: [...lrnetProtocolNotes, 'Native 28×28 images: the LR-Net protocol applies no degradation.'],
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

import { racnnLayerRules } from '@lowres/racnn';
import type { Recipe } from './recipe';

/** p-RACNN-AlexNet on CUB-200-2011 birds at 50×50 (paper: 51.23 % mean per-class accuracy). */
export const racnnCub: Recipe = {
  name: 'racnn-cub',
  title: 'p-RACNN-AlexNet on CUB-200-2011: box crop, bicubic down to 50×50, up to 227×227; SGD end to end',
  dataset: 'cub-200-2011',
  config: {
    mode: 'end-to-end',
    sr: { name: 'racnn', options: { scale: 1, init: 'gaussian', channels: 3 } },
    classifier: { name: 'alexnet', options: {} },
    // Images are cropped to their boxes and resized to 227×227 as the originals, then degraded to 50×50 and back.
    lowResolution: { size: [50, 50], restore: true },
    pretrain: { epochs: 10, optimizer: { name: 'adam', learningRate: 1e-4 } },
    optimizer: { name: 'sgd', learningRate: 1e-3, momentum: 0.9 },
    weightDecay: 5e-4,
    schedule: { type: 'constant' },
    // The paper's solver multipliers: SR weights ×1 / biases ×0.1 / sconv3 ×0.1, no SR weight decay; classifier ×0.1 without weight decay but fc8 ×1 with it.
    layers: [...racnnLayerRules],
    batchSize: 32,
    epochs: 30,
    validationSplit: 0.1,
    checkpoint: { everySteps: 200, keepLast: 3 },
    seed: 0,
  },
  // Crop to the bounding box, then MATLAB-bicubic to 227×227 (the HR originals); lowResolution makes the 50×50 inputs.
  image: { size: [227, 227], crop: true },
  metric: 'mean-per-class-accuracy',
  paper: { value: 0.5123, source: 'published figures (RACNN paper): p-RACNN-Alex, Birds, 50×50' },
  notes: [
    'The paper fine-tunes an ImageNet-pretrained AlexNet; this recipe trains it from scratch unless weights are supplied, so expect a lower figure.',
    "'p-' init: the SR layers are pre-trained on (degraded, original) pairs of the training images before end-to-end training.",
  ],
};

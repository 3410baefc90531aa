import { lrnetProtocol, lrnetProtocolNotes } from './lrnet-protocol';
import type { Recipe } from './recipe';

/** A back end of the LR-Net paper's Table II on Fashion-MNIST, at 28×28 with `smallInput`, under LR-Net's protocol. */
function tableIiRecipe(classifier: 'vgg16' | 'inception-v3', label: string, value: number, notes: readonly string[]): Recipe {
  return {
    name: `${classifier}-fashion-mnist`,
    title: `${label} (smallInput) on Fashion-MNIST at 28×28 under LR-Net's protocol (Adam 1e-3, batch 128, early stopping on val loss, patience 30)`,
    dataset: 'fashion-mnist',
    config: { ...lrnetProtocol, mode: 'classifier', sr: 'none', classifier: { name: classifier, options: { smallInput: true } } },
    metric: 'accuracy',
    paper: { value, source: 'published figures (LR-Net paper): Table II, Fashion-MNIST test accuracy' },
    notes: [...lrnetProtocolNotes, ...notes],
  };
}

/** VGG-16 on Fashion-MNIST under LR-Net's protocol (LR-Net paper, Table II: 74.2 %). */
export const vgg16FashionMnist = tableIiRecipe('vgg16', 'VGG-16', 0.742, [
  "Input: the native 28×28×1 images with `smallInput` (no fifth max pool): 28 → 14 → 7 → 3 → 1, the same 1×1×512 map the standard network reaches from a bicubic ×2 up-scale (56×56), at a quarter of the cost (224 M against 952 M multiply-accumulates per image) and without interpolated pixels. The paper does not say what size it fed; its 138,357,544 parameters are VGG-16's at 224×224×3 with 1000 classes, ours are 33,637,066 (512-wide flatten, 10 classes).",
  'Dense layers 4096 wide with dropout 0.5 and no batch norm, as in the original network.',
]);

/** Inception-v3 on Fashion-MNIST under LR-Net's protocol (LR-Net paper, Table II: 94.44 %). */
export const inceptionV3FashionMnist = tableIiRecipe('inception-v3', 'Inception-v3', 0.9444, [
  'Input: the native 28×28×1 images with `smallInput` (stride-1 stem, no first stem max pool; downsamples by 8 and takes 21×21 and up). The standard network needs 75×75, i.e. a bicubic ×3 up-scale whose extra pixels carry no information; at 28×28 every back end of Table II sees exactly what LR-Net sees, for 1.4× the multiply-accumulates of the standard network at 84×84 (326 M against 232 M per image). The paper does not say what size it fed; its 23,851,784 parameters are the standard network with 1000 classes, ours are 21,822,698 (10 classes).',
]);

import { alexnet, googlenet, inceptionV3, preactResnet164, resnet18, vgg16 } from '@lowres/backbones';
import { bagnet } from '@lowres/bagnet';
import { wdsrA } from '@lowres/hf-weighted-sr';
import { lrnet } from '@lowres/lrnet';
import { racnnSr, srcnn } from '@lowres/racnn';
import { type PluginOptions, bicubicSr, createRegistry, identitySr } from '@lowres/trainer';

/**
 * Wraps a typed factory as a registry entry. `names` lists every option of the factory's type (the
 * compiler checks it is complete), so the registry rejects unknown ones; `fixed` options are set by
 * the entry and not accepted from the user. Each factory validates the values itself.
 */
function entry<O, P>(description: string, factory: (options?: O) => P, names: Record<keyof Required<O>, true>, fixed: Partial<O> = {}) {
  return {
    description,
    optionNames: Object.keys(names).filter((name) => !(name in fixed)),
    create: (options?: PluginOptions) => factory({ ...fixed, ...(options as O | undefined) } as O),
  };
}

/** Every first-party plugin, plus the parameter-free 'none' and 'bicubic' front ends. */
export const defaultRegistry = createRegistry({
  sr: {
    none: identitySr,
    bicubic: entry('MATLAB-exact bicubic up-scaling, no parameters; options: scale (default 2)', bicubicSr, { scale: true }),
    racnn: entry('RACNN residual SR layers (scale 1 on bicubic-up-scaled input by default); options: scale, init, residual, seed', racnnSr, { scale: true, channels: true, init: true, weights: true, standardDeviation: true, seed: true, residual: true, name: true }),
    srcnn: entry('SRCNN 9-5-5 / 9-1-5 (no residual); options: scale, variant, seed', srcnn, { scale: true, channels: true, init: true, weights: true, standardDeviation: true, seed: true, variant: true, name: true }),
    'wdsr-a': entry('WDSR-A ×2 with weight-normalised convs and high-frequency weighted L1; options: scale, blocks, features, expansion, alpha', wdsrA, { scale: true, blocks: true, features: true, expansion: true, channels: true, weightNorm: true, alpha: true, seed: true }),
  },
  classifiers: {
    lrnet: entry('LR-Net (MK blocks) for low-resolution images; options: width, blocks, head, dropout', lrnet, { blocks: true, width: true, blockWidths: true, filters: true, head: true, dropout: true, classesActivation: true, seed: true }),
    bagnet9: entry('BagNet with 9×9 patches; options: width', bagnet, { patch: true, width: true, classesActivation: true, seed: true }, { patch: 9 }),
    bagnet17: entry('BagNet with 17×17 patches; options: width', bagnet, { patch: true, width: true, classesActivation: true, seed: true }, { patch: 17 }),
    bagnet33: entry('BagNet with 33×33 patches; options: width', bagnet, { patch: true, width: true, classesActivation: true, seed: true }, { patch: 33 }),
    resnet18: entry('ResNet-18; options: smallInput', resnet18, { classesActivation: true, smallInput: true }),
    'preact-resnet164': entry('pre-activation bottleneck ResNet-164 (CIFAR)', preactResnet164, { classesActivation: true }),
    vgg16: entry('VGG-16; options: smallInput, hiddenUnits, dropout', vgg16, { classesActivation: true, smallInput: true, hiddenUnits: true, dropout: true }),
    'inception-v3': entry('Inception-v3; options: smallInput', inceptionV3, { classesActivation: true, smallInput: true }),
    alexnet: entry('AlexNet; options: smallInput, hiddenUnits, dropout', alexnet, { classesActivation: true, smallInput: true, hiddenUnits: true, dropout: true }),
    googlenet: entry('GoogLeNet; options: smallInput, batchNorm, dropout', googlenet, { classesActivation: true, smallInput: true, batchNorm: true, dropout: true }),
  },
});

/** Names of the SR front ends in {@link defaultRegistry}. */
export type DefaultSrName = ReturnType<typeof defaultRegistry.srNames>[number];
/** Names of the classifiers in {@link defaultRegistry}. */
export type DefaultClassifierName = ReturnType<typeof defaultRegistry.classifierNames>[number];

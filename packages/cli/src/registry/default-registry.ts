import { alexnet, googlenet, inceptionV3, preactResnet164, resnet18, vgg16 } from '@lowres/backbones';
import { bagnet } from '@lowres/bagnet';
import { wdsrA } from '@lowres/hf-weighted-sr';
import { lrnet } from '@lowres/lrnet';
import { racnnSr, srcnn } from '@lowres/racnn';
import { bicubicSr, createRegistry, definePlugin, identitySr } from '@lowres/trainer';
import {
  backboneOptions,
  bagnetOptions,
  bicubicOptions,
  fullyConnectedOptions,
  googlenetOptions,
  lrnetOptions,
  racnnOptions,
  smallInputOptions,
  srcnnOptions,
  wdsrAOptions,
} from './option-schemas';

/** Every first-party plugin, plus the parameter-free 'none' and 'bicubic' front ends; options are checked by each entry's zod schema. */
export const defaultRegistry = createRegistry({
  sr: {
    none: identitySr,
    bicubic: definePlugin({ description: 'MATLAB-exact bicubic up-scaling, no parameters; options: scale (default 2)', options: bicubicOptions, create: bicubicSr }),
    racnn: definePlugin({ description: 'RACNN residual SR layers (scale 1 on bicubic-up-scaled input by default); options: scale, init, residual, seed', options: racnnOptions, create: racnnSr }),
    srcnn: definePlugin({ description: 'SRCNN 9-5-5 / 9-1-5 (no residual); options: scale, variant, seed', options: srcnnOptions, create: srcnn }),
    'wdsr-a': definePlugin({ description: 'WDSR-A ×2 with weight-normalised convs and high-frequency weighted L1; options: scale, blocks, features, expansion, alpha', options: wdsrAOptions, create: wdsrA }),
  },
  classifiers: {
    lrnet: definePlugin({ description: 'LR-Net (MK blocks) for low-resolution images; options: width, blocks, head, dropout', options: lrnetOptions, create: lrnet }),
    bagnet9: definePlugin({ description: 'BagNet with 9×9 patches; options: width', options: bagnetOptions, create: (options) => bagnet({ ...options, patch: 9 }) }),
    bagnet17: definePlugin({ description: 'BagNet with 17×17 patches; options: width', options: bagnetOptions, create: (options) => bagnet({ ...options, patch: 17 }) }),
    bagnet33: definePlugin({ description: 'BagNet with 33×33 patches; options: width', options: bagnetOptions, create: (options) => bagnet({ ...options, patch: 33 }) }),
    resnet18: definePlugin({ description: 'ResNet-18; options: smallInput', options: smallInputOptions, create: resnet18 }),
    'preact-resnet164': definePlugin({ description: 'pre-activation bottleneck ResNet-164 (CIFAR)', options: backboneOptions, create: preactResnet164 }),
    vgg16: definePlugin({ description: 'VGG-16; options: smallInput, hiddenUnits, dropout', options: fullyConnectedOptions, create: vgg16 }),
    'inception-v3': definePlugin({ description: 'Inception-v3; options: smallInput', options: smallInputOptions, create: inceptionV3 }),
    alexnet: definePlugin({ description: 'AlexNet; options: smallInput, hiddenUnits, dropout', options: fullyConnectedOptions, create: alexnet }),
    googlenet: definePlugin({ description: 'GoogLeNet; options: smallInput, batchNorm, dropout', options: googlenetOptions, create: googlenet }),
  },
});

/** Names of the SR front ends in {@link defaultRegistry}. */
export type DefaultSrName = ReturnType<typeof defaultRegistry.srNames>[number];
/** Names of the classifiers in {@link defaultRegistry}. */
export type DefaultClassifierName = ReturnType<typeof defaultRegistry.classifierNames>[number];

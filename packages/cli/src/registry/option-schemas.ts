import type { AlexNetOptions, GoogLeNetOptions, InceptionV3Options, PreactResNet164Options, ResNet18Options, Vgg16Options } from '@lowres/backbones';
import type { BagnetOptions } from '@lowres/bagnet';
import type { WdsrAOptions } from '@lowres/hf-weighted-sr';
import type { LrnetOptions } from '@lowres/lrnet';
import type { RacnnSrOptions, SrWeights, SrWeightsSource, SrcnnOptions } from '@lowres/racnn';
import type { BicubicSrOptions } from '@lowres/trainer';
import { z } from 'zod';

/** A zod shape that names every option of the factory options `O` (the compiler checks it), each parsing to what `O` accepts. */
type ShapeOf<O> = { [K in keyof Required<O>]: z.ZodType<O[K]> };

const positiveInteger = z.number().int().positive();
const multiplier = z.number().positive();
const rate = z.number().min(0).lt(1);
const seed = z.number();
const classesActivation = z.enum(['softmax', 'linear']).optional();
const weights = z.custom<SrWeightsSource | SrWeights>(
  (value) => typeof value === 'string' || (typeof value === 'object' && value !== null),
  'expected a directory of pre-trained weights (a path) or loaded weights',
);

/** Options of the 'bicubic' front end. */
export const bicubicOptions = z.strictObject({ scale: positiveInteger.optional() } satisfies ShapeOf<BicubicSrOptions>);

const srLayers = {
  scale: positiveInteger.optional(),
  channels: positiveInteger.optional(),
  init: z.enum(['gaussian', 'pretrained']).optional(),
  weights: weights.optional(),
  standardDeviation: z.number().positive().optional(),
  seed: seed.optional(),
  name: z.string().min(1).optional(),
};

/** Options of the 'racnn' front end. */
export const racnnOptions = z.strictObject({ ...srLayers, residual: z.boolean().optional() } satisfies ShapeOf<RacnnSrOptions>);

/** Options of the 'srcnn' front end. */
export const srcnnOptions = z.strictObject({ ...srLayers, variant: z.enum(['9-5-5', '9-1-5']).optional() } satisfies ShapeOf<SrcnnOptions>);

/** Options of the 'wdsr-a' front end. */
export const wdsrAOptions = z.strictObject({
  scale: positiveInteger.optional(),
  blocks: positiveInteger.optional(),
  features: positiveInteger.optional(),
  expansion: positiveInteger.optional(),
  channels: positiveInteger.optional(),
  weightNorm: z.boolean().optional(),
  alpha: z.number().min(0).optional(),
  seed: seed.optional(),
} satisfies ShapeOf<WdsrAOptions>);

const mkFilters = z.strictObject({
  a3: positiveInteger.optional(),
  a5: positiveInteger.optional(),
  a7: positiveInteger.optional(),
  b3: positiveInteger.optional(),
  b5: positiveInteger.optional(),
  c5: positiveInteger.optional(),
  c7: positiveInteger.optional(),
  d3: positiveInteger.optional(),
  g1: positiveInteger.optional(),
});

/** Options of the 'lrnet' classifier. */
export const lrnetOptions = z.strictObject({
  blocks: positiveInteger.optional(),
  width: multiplier.optional(),
  blockWidths: z.array(multiplier).optional(),
  filters: mkFilters.optional(),
  head: z.array(positiveInteger).optional(),
  dropout: rate.optional(),
  classesActivation,
  seed: seed.optional(),
} satisfies ShapeOf<LrnetOptions>);

/** Options of the 'bagnet9' / 'bagnet17' / 'bagnet33' classifiers (the patch is the entry's own). */
export const bagnetOptions = z.strictObject({
  width: multiplier.optional(),
  classesActivation,
  seed: seed.optional(),
} satisfies ShapeOf<Omit<BagnetOptions, 'patch'>>);

/** Options of the 'resnet18' and 'inception-v3' classifiers. */
export const smallInputOptions = z.strictObject({ classesActivation, smallInput: z.boolean().optional() } satisfies ShapeOf<ResNet18Options & InceptionV3Options>);

/** Options of the 'preact-resnet164' classifier. */
export const backboneOptions = z.strictObject({ classesActivation } satisfies ShapeOf<PreactResNet164Options>);

/** Options of the 'vgg16' and 'alexnet' classifiers. */
export const fullyConnectedOptions = z.strictObject({
  classesActivation,
  smallInput: z.boolean().optional(),
  hiddenUnits: positiveInteger.optional(),
  dropout: rate.optional(),
} satisfies ShapeOf<Vgg16Options & AlexNetOptions>);

/** Options of the 'googlenet' classifier. */
export const googlenetOptions = z.strictObject({
  classesActivation,
  smallInput: z.boolean().optional(),
  batchNorm: z.boolean().optional(),
  dropout: rate.optional(),
} satisfies ShapeOf<GoogLeNetOptions>);

import type { ClassifierBackEnd } from '@lowres/core';
import { alexnet } from './alexnet';
import { googlenet } from './googlenet';
import { inceptionV3 } from './inception-v3';
import { preactResnet164 } from './preact-resnet164';
import { resnet18 } from './resnet18';
import { vgg16 } from './vgg16';

/**
 * One instance of every back end with default options, keyed by its `name`, e.g. for
 * `createRegistry({ classifiers: { ...defaultBackEnds } })`. Use the factories for other options.
 */
export const defaultBackEnds: Readonly<{
  resnet18: ClassifierBackEnd;
  'preact-resnet164': ClassifierBackEnd;
  vgg16: ClassifierBackEnd;
  'inception-v3': ClassifierBackEnd;
  alexnet: ClassifierBackEnd;
  googlenet: ClassifierBackEnd;
}> = Object.freeze({
  resnet18: resnet18(),
  'preact-resnet164': preactResnet164(),
  vgg16: vgg16(),
  'inception-v3': inceptionV3(),
  alexnet: alexnet(),
  googlenet: googlenet(),
});

import type * as tf from '@tensorflow/tfjs';

/** Spatial size and channel count of one image (NHWC without the batch axis). */
export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** Loss used to pre-train an SR front end on LR/HR pairs: yTrue is HR, yPred the SR output. */
export type PixelLoss = (yTrue: tf.Tensor4D, yPred: tf.Tensor4D, weights?: tf.Tensor4D) => tf.Scalar;

/** A super-resolution front end: maps [N,h,w,c] to [N,h·scale,w·scale,c] (images in [0,1]). */
export interface SrFrontEnd {
  readonly kind: 'sr';
  readonly name: string;
  readonly scale: number;
  /** Builds a fresh model for LR inputs of the given shape. */
  build(input: ImageShape): tf.LayersModel;
  /** Pixel loss used when the front end is pre-trained on LR/HR pairs. */
  readonly pixelLoss?: PixelLoss;
}

/** A classifier back end: maps [N,h,w,c] images to class probabilities [N,classes]. */
export interface ClassifierBackEnd {
  readonly kind: 'classifier';
  readonly name: string;
  /** Builds a fresh model for inputs of the given shape and number of classes. */
  build(input: ImageShape, classes: number): tf.LayersModel;
  /** Smallest accepted input height/width, when the architecture has one. */
  readonly minimumInput?: { height: number; width: number };
}

/** Either kind of plugin. */
export type Plugin = SrFrontEnd | ClassifierBackEnd;

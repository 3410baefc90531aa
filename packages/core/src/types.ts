import type * as tf from '@tensorflow/tfjs';

/** Spatial size and channel count of one image (NHWC without the batch axis). */
export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** Loss used to pre-train an SR front end on LR/HR pairs: yTrue is HR, yPred the SR output. */
export type PixelLoss = (yTrue: tf.Tensor4D, yPred: tf.Tensor4D, weights?: tf.Tensor4D) => tf.Scalar;

/** An 8-bit picture a plugin adds to a run's report; the trainer writes it as `plots/<name>.png`. */
export interface ReportFigure {
  /** File name under plots/ without extension, e.g. 'bagnet-evidence-0'. */
  readonly name: string;
  readonly title: string;
  readonly width: number;
  readonly height: number;
  /** 1 = grey, 3 = RGB, 4 = RGBA; pixels interleaved, rows top to bottom. */
  readonly channels: 1 | 3 | 4;
  readonly pixels: Uint8Array;
}

/**
 * What a figure hook receives: the plugin's own trained model, the first report images as that
 * plugin sees them (a classifier: the SR output; an SR front end: the run's HR images), and their
 * labels. The trainer owns and disposes the tensors.
 */
export interface FigureInput {
  readonly model: tf.LayersModel;
  readonly images: tf.Tensor4D;
  readonly labels: Int32Array;
}

/** Optional hook of either plugin kind: figures for the run's report (e.g. evidence heatmaps, weight maps). */
export type FigureHook = (input: FigureInput) => ReportFigure[];

/** A super-resolution front end: maps [N,h,w,c] to [N,h·scale,w·scale,c] (images in [0,1]). */
export interface SrFrontEnd {
  readonly kind: 'sr';
  readonly name: string;
  readonly scale: number;
  /** Builds a fresh model for LR inputs of the given shape. */
  build(input: ImageShape): tf.LayersModel;
  /** Pixel loss used when the front end is pre-trained on LR/HR pairs. */
  readonly pixelLoss?: PixelLoss;
  /**
   * Share of the entries of these HR images that `pixelLoss` trains on (reported beside the SR quality);
   * absent when the loss uses every pixel.
   */
  readonly lossPixelShare?: (hr: tf.Tensor4D) => number;
  /** Reads pre-trained weights (e.g. from disk) before `build()`; the trainer awaits it once per run. */
  load?(): Promise<void>;
  /** Figures for the run's report, drawn from the trained SR model. */
  readonly figures?: FigureHook;
}

/** A classifier back end: maps [N,h,w,c] images to class probabilities [N,classes]. */
export interface ClassifierBackEnd {
  readonly kind: 'classifier';
  readonly name: string;
  /** Builds a fresh model for inputs of the given shape and number of classes. */
  build(input: ImageShape, classes: number): tf.LayersModel;
  /** Smallest accepted input height/width, when the architecture has one. */
  readonly minimumInput?: { height: number; width: number };
  /** Figures for the run's report, drawn from the trained classifier. */
  readonly figures?: FigureHook;
}

/** Either kind of plugin. */
export type Plugin = SrFrontEnd | ClassifierBackEnd;

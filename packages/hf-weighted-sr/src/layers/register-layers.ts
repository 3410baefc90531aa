import * as tf from '@tensorflow/tfjs';
import { PixelShuffle } from './pixel-shuffle';
import { WeightNormConv2D } from './weight-norm-conv2d';

let registered = false;

/** Registers this package's custom layers for model serialization (idempotent; factories call it too). */
export function registerLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(WeightNormConv2D);
  tf.serialization.registerClass(PixelShuffle);
  registered = true;
}

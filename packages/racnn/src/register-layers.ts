import * as tf from '@tensorflow/tfjs';
import { BicubicUpscale } from './bicubic-upscale';

let registered = false;

/**
 * Registers this package's custom layers with TF.js serialisation so saved models and
 * `tf.models.modelFromJSON` can rebuild them. Idempotent; the model factories call it too.
 */
export function registerLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(BicubicUpscale);
  registered = true;
}

import * as tf from '@tensorflow/tfjs';
import { GroupedConv2D } from './grouped-conv2d';
import { LocalResponseNormalization } from './local-response-normalization';
import { UnscaledBatchNormalization } from './unscaled-batch-normalization';

let registered = false;

/**
 * Registers this package's custom layers (LocalResponseNormalization, GroupedConv2D,
 * UnscaledBatchNormalization) with TF.js
 * serialisation so saved models using them load. Idempotent; the model factories call it too.
 */
export function registerLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(LocalResponseNormalization);
  tf.serialization.registerClass(GroupedConv2D);
  tf.serialization.registerClass(UnscaledBatchNormalization);
  registered = true;
}

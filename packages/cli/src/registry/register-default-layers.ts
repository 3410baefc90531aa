import { registerLayers as registerBackboneLayers } from '@lowres/backbones';
import { registerLayers as registerWdsrLayers } from '@lowres/hf-weighted-sr';
import { registerLayers as registerRacnnLayers } from '@lowres/racnn';
import { registerLayers as registerBicubicLayers } from '@lowres/trainer';

/**
 * Registers the custom layer classes of every plugin in the default registry with TF.js
 * serialization, so `tf.loadLayersModel` can read a saved or exported pipeline. An explicit call,
 * never an import side effect (bundlers drop those from `sideEffects: false` packages). Idempotent.
 */
export function registerDefaultLayers(): void {
  registerBackboneLayers();
  registerWdsrLayers();
  registerRacnnLayers();
  registerBicubicLayers();
}

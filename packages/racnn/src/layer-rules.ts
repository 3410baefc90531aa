import type { LayerRule } from '@lowres/engine';

/**
 * RACNN's solver settings (Caffe's lr_mult / decay_mult) as the engine's per-parameter rules, for a
 * pipeline whose parts are `sr` and `classifier`: sconv1/sconv2 weights ×1 and biases ×0.1, sconv3
 * ×0.1 for both, no weight decay on the SR layers; classifier layers ×0.1 without weight decay,
 * except the last layer with weights (`$last`, the final fully-connected one) at ×1 with weight decay ×1.
 */
export const racnnLayerRules: readonly LayerRule[] = Object.freeze([
  Object.freeze({ match: 'sr/*', learningRateMultiplier: 1, weightDecayMultiplier: 0 }),
  Object.freeze({ match: 'sr/*/bias', learningRateMultiplier: 0.1 }),
  Object.freeze({ match: 'sr/sconv3/*', learningRateMultiplier: 0.1 }),
  Object.freeze({ match: 'classifier/*', learningRateMultiplier: 0.1, weightDecayMultiplier: 0 }),
  Object.freeze({ match: 'classifier/$last/*', learningRateMultiplier: 1, weightDecayMultiplier: 1 }),
]);

/**
 * The paper's Table II setting: as {@link racnnLayerRules}, but every classifier layer except the
 * last one with weights is frozen.
 */
export const racnnFrozenClassifierLayerRules: readonly LayerRule[] = Object.freeze([
  ...racnnLayerRules.slice(0, 3),
  Object.freeze({ match: 'classifier/*', frozen: true }),
  Object.freeze({ match: 'classifier/$last/*', frozen: false, learningRateMultiplier: 1, weightDecayMultiplier: 1 }),
]);

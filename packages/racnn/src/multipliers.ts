/**
 * A per-layer solver setting (Caffe's lr_mult / decay_mult). `layer` is a layer name, a RegExp over
 * layer names, or a role token: 'classifier' = every layer of the classifier back end,
 * 'classifier-last' = its last trainable layer (the final fully-connected one). `kernel` multiplies
 * the learning rate of every non-bias weight, `bias` that of biases, `weightDecay` the base weight
 * decay; an omitted field means ×1 and 0 freezes. Lists are read in order; the first entry that
 * matches a layer applies, so 'classifier-last' must come before 'classifier'.
 */
export interface LayerMultiplier {
  readonly layer: string | RegExp | 'classifier' | 'classifier-last';
  readonly kernel?: number;
  readonly bias?: number;
  readonly weightDecay?: number;
}

/** Role of a layer in an SR + classifier pipeline, for matching the role tokens. */
export type LayerRole = 'sr' | 'classifier' | 'classifier-last';

/**
 * RACNN's solver settings: sconv1/sconv2 weights ×1 and biases ×0.1, sconv3 ×0.1 for both;
 * classifier layers ×0.1 except the last fully-connected layer ×1; weight decay ×1 on that last
 * layer only (0 everywhere else).
 */
export const racnnLearningRateMultipliers: readonly LayerMultiplier[] = Object.freeze([
  Object.freeze({ layer: 'sconv1', kernel: 1, bias: 0.1, weightDecay: 0 }),
  Object.freeze({ layer: 'sconv2', kernel: 1, bias: 0.1, weightDecay: 0 }),
  Object.freeze({ layer: 'sconv3', kernel: 0.1, bias: 0.1, weightDecay: 0 }),
  Object.freeze({ layer: 'classifier-last', kernel: 1, bias: 1, weightDecay: 1 }),
  Object.freeze({ layer: 'classifier', kernel: 0.1, bias: 0.1, weightDecay: 0 }),
]);

/**
 * The paper's Table II setting: as {@link racnnLearningRateMultipliers} but every classifier layer
 * except the last fully-connected one is frozen (learning rate and weight decay 0).
 */
export const racnnFrozenClassifierMultipliers: readonly LayerMultiplier[] = Object.freeze(
  racnnLearningRateMultipliers.map((entry) =>
    entry.layer === 'classifier' ? Object.freeze({ layer: 'classifier', kernel: 0, bias: 0, weightDecay: 0 }) : entry,
  ),
);

function matches(entry: LayerMultiplier, layerName: string, role: LayerRole): boolean {
  // search() ignores lastIndex, so a global RegExp matches the same way every time.
  if (entry.layer instanceof RegExp) return layerName.search(entry.layer) !== -1;
  if (entry.layer === 'classifier') return role === 'classifier' || role === 'classifier-last';
  if (entry.layer === 'classifier-last') return role === 'classifier-last';
  return entry.layer === layerName;
}

/** The first entry of `multipliers` that applies to a layer with this name and role, if any. */
export function findMultiplier(multipliers: readonly LayerMultiplier[], layerName: string, role: LayerRole = 'sr'): LayerMultiplier | undefined {
  return multipliers.find((entry) => matches(entry, layerName, role));
}

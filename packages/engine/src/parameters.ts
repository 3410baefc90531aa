import { InvalidArgumentError } from '@lowres/core';
import type * as tf from '@tensorflow/tfjs';
import type { LayerRule } from './config-schemas';

/** A trainable weight with the multipliers that apply to its gradient. */
export interface TrainableParameter {
  /** `<part>/<layer path>/<weight>`, e.g. `sr/sconv1/kernel` or `classifier/dense_1/bias`. */
  readonly path: string;
  readonly variable: tf.Variable;
  readonly learningRateMultiplier: number;
  /** Effective L2 weight-decay coefficient: the run's weight decay × this weight's multiplier. */
  readonly weightDecay: number;
}

/** A model whose weights are trained, and the name prefix used for its paths. */
export interface ModelPart {
  readonly prefix: string;
  readonly model: tf.LayersModel;
  /** Freeze every weight of this part. */
  readonly frozen?: boolean;
  /** Freeze every weight of this part except those of its last layer that has weights. */
  readonly trainLastLayerOnly?: boolean;
}

interface LayerLike {
  name: string;
  trainableWeights: { originalName: string; read(): tf.Variable }[];
  layers?: LayerLike[];
}

function leafLayers(layer: LayerLike, prefix: string, out: { path: string; layer: LayerLike }[]): void {
  if (layer.layers && layer.layers.length > 0) {
    for (const child of layer.layers) leafLayers(child, `${prefix}/${child.name}`, out);
    return;
  }
  out.push({ path: prefix, layer });
}

/** Converts a rule pattern (glob with `*` and `?`, or `/regex/`) into a RegExp matching whole paths. */
export function patternToRegExp(pattern: string): RegExp {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
    try {
      return new RegExp(pattern.slice(1, -1));
    } catch (error) {
      throw new InvalidArgumentError('layers.match', `invalid regular expression ${pattern}: ${(error as Error).message}`);
    }
  }
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/** Layer name that stands for a part's last layer with weights in rule patterns: `classifier/$last/*`. */
export const LAST_LAYER = '$last';

/**
 * Lists the trainable weights of the given parts with their multipliers: the one per-parameter rule
 * format of lowres. Each weight has the path `<part>/<layer path>/<weight>` (e.g.
 * `classifier/fc8/kernel`); the weights of a part's last layer with weights also answer to
 * `<part>/$last/<weight>`. Precedence: a weight starts at ×1 learning rate, ×1 weight decay, frozen
 * only if its part is (`frozen`, `trainLastLayerOnly`); then every matching rule is applied in list
 * order, a later rule overriding the fields it sets (so put general rules first, exceptions after).
 * Frozen weights are left out. Every rule must match at least one weight (unless
 * `requireEveryRuleToMatch` is false), so a typo cannot silently change nothing.
 */
export function collectParameters(
  parts: readonly ModelPart[],
  rules: readonly LayerRule[],
  weightDecay: number,
  requireEveryRuleToMatch = true,
): TrainableParameter[] {
  const matchers = rules.map((rule) => ({ rule, regexp: patternToRegExp(rule.match), used: false }));
  const out: TrainableParameter[] = [];
  for (const part of parts) {
    const leaves: { path: string; layer: LayerLike }[] = [];
    for (const layer of part.model.layers as unknown as LayerLike[]) leafLayers(layer, `${part.prefix}/${layer.name}`, leaves);
    const withWeights = leaves.filter((leaf) => leaf.layer.trainableWeights.length > 0);
    const last = withWeights[withWeights.length - 1];
    for (const leaf of withWeights) {
      for (const weight of leaf.layer.trainableWeights) {
        const short = weight.originalName.split('/').pop() ?? weight.originalName;
        const path = `${leaf.path}/${short}`;
        const alias = leaf === last ? `${part.prefix}/${LAST_LAYER}/${short}` : null;
        let frozen = part.frozen === true || (part.trainLastLayerOnly === true && leaf !== last);
        let learningRateMultiplier = 1;
        let weightDecayMultiplier = 1;
        for (const matcher of matchers) {
          if (!matcher.regexp.test(path) && !(alias !== null && matcher.regexp.test(alias))) continue;
          matcher.used = true;
          if (matcher.rule.frozen !== undefined) frozen = matcher.rule.frozen;
          if (matcher.rule.learningRateMultiplier !== undefined) learningRateMultiplier = matcher.rule.learningRateMultiplier;
          if (matcher.rule.weightDecayMultiplier !== undefined) weightDecayMultiplier = matcher.rule.weightDecayMultiplier;
        }
        if (frozen) continue;
        out.push({ path, variable: weight.read(), learningRateMultiplier, weightDecay: weightDecayMultiplier * weightDecay });
      }
    }
  }
  const unused = matchers.find((matcher) => !matcher.used);
  if (unused && requireEveryRuleToMatch) {
    throw new InvalidArgumentError('layers.match', `rule '${unused.rule.match}' matches no weight of the model`);
  }
  return out;
}

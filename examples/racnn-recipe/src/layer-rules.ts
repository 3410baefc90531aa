import { InvalidArgumentError } from '@lowres/core';
import type { LayerMultiplier } from '@lowres/racnn';
import type { LayerRule } from '@lowres/trainer';

/**
 * Translates RACNN's per-layer solver settings (first matching entry wins; `kernel` multiplies every
 * non-bias weight) into @lowres/trainer layer rules (later rules override earlier ones; paths are
 * `sr/<layer>/<weight>` and `classifier/<layer>/<weight>`). `lastClassifierLayer` names the layer the
 * 'classifier-last' role stands for.
 */
export function racnnLayerRules(multipliers: readonly LayerMultiplier[], lastClassifierLayer: string): LayerRule[] {
  const rules: LayerRule[] = [];
  for (const entry of [...multipliers].reverse()) {
    if (entry.layer instanceof RegExp) {
      throw new InvalidArgumentError('multipliers', `regular-expression entries (${entry.layer}) have no trainer rule equivalent here`);
    }
    const prefix = entry.layer === 'classifier' ? 'classifier/*' : entry.layer === 'classifier-last' ? `classifier/${lastClassifierLayer}` : `sr/${entry.layer}`;
    const kernel = entry.kernel ?? 1;
    const bias = entry.bias ?? 1;
    if (kernel === 0 && bias === 0) {
      rules.push({ match: `${prefix}/*`, frozen: true });
      continue;
    }
    rules.push({ match: `${prefix}/*`, frozen: false, learningRateMultiplier: kernel, weightDecayMultiplier: entry.weightDecay ?? 1 });
    if (bias !== kernel) rules.push({ match: `${prefix}/bias`, learningRateMultiplier: bias });
  }
  return rules;
}

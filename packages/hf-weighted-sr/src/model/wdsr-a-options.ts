import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';
import { checkAlpha } from '../weight-map/check-alpha';

/** Options of {@link wdsrA}; every field is optional. */
export interface WdsrAOptions {
  /** Up-scaling factor (integer ≥ 1). Default 2. */
  scale?: number;
  /** Number of residual blocks. Default 8. */
  blocks?: number;
  /** Channels of the residual path. Default 32. */
  features?: number;
  /** Width multiplier inside each block (features·expansion before the ReLU). Default 4. */
  expansion?: number;
  /** Image channels; when set, `build` rejects inputs with another channel count. */
  channels?: number;
  /** Weight-normalised convolutions (true, as in WDSR) or plain convolutions without gains. Default true. */
  weightNorm?: boolean;
  /** Band half-width α of the high-frequency weight map used by `pixelLoss` (0 = plain L1). Default 0. */
  alpha?: number;
  /** Seed of the weight initialisers (each convolution derives its own). Default: unseeded. */
  seed?: number;
}

/** {@link WdsrAOptions} with defaults applied and values checked. */
export interface ResolvedWdsrAOptions {
  scale: number;
  blocks: number;
  features: number;
  expansion: number;
  channels: number | undefined;
  weightNorm: boolean;
  alpha: number;
  seed: number | undefined;
}

/** Applies defaults and validates every option, throwing {@link InvalidArgumentError} on bad values. */
export function resolveWdsrAOptions(options: WdsrAOptions = {}): ResolvedWdsrAOptions {
  const resolved: ResolvedWdsrAOptions = {
    scale: requirePositiveInteger('scale', options.scale ?? 2),
    blocks: requirePositiveInteger('blocks', options.blocks ?? 8),
    features: requirePositiveInteger('features', options.features ?? 32),
    expansion: requirePositiveInteger('expansion', options.expansion ?? 4),
    channels: options.channels === undefined ? undefined : requirePositiveInteger('channels', options.channels),
    weightNorm: options.weightNorm ?? true,
    alpha: checkAlpha(options.alpha ?? 0),
    seed: options.seed,
  };
  if (typeof resolved.weightNorm !== 'boolean') {
    throw new InvalidArgumentError('weightNorm', `expected a boolean, got ${String(options.weightNorm)}`);
  }
  if (resolved.seed !== undefined && !Number.isInteger(resolved.seed)) {
    throw new InvalidArgumentError('seed', `expected an integer, got ${String(resolved.seed)}`);
  }
  return resolved;
}

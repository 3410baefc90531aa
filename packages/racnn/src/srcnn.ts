import { InvalidArgumentError } from '@lowres/core';
import { createFrontEnd, type RacnnFrontEnd, type SrOptions } from './racnn-sr';

/** SRCNN layouts: kernel sizes of sconv1-sconv2-sconv3. */
export type SrcnnVariant = '9-5-5' | '9-1-5';

/** Options of {@link srcnn}. */
export interface SrcnnOptions extends SrOptions {
  /** Layout (default '9-5-5', the same layers as RACNN). */
  variant?: SrcnnVariant;
}

/**
 * Classic SRCNN baseline: the RACNN layers without the residual connection (the network outputs
 * the image itself). '9-5-5' has 69,251 parameters for 3 channels, '9-1-5' 20,099.
 */
export function srcnn(options: SrcnnOptions = {}): RacnnFrontEnd {
  const variant = options.variant ?? '9-5-5';
  if (variant !== '9-5-5' && variant !== '9-1-5') {
    throw new InvalidArgumentError('variant', `expected '9-5-5' or '9-1-5', got '${String(variant)}'`);
  }
  return createFrontEnd({
    ...options,
    name: options.name ?? `srcnn-${variant}`,
    residual: false,
    middleKernel: variant === '9-5-5' ? 5 : 1,
  });
}

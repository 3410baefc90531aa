import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';

/** Filter counts of the nine convolutions of one MK block (ids as in the LR-Net spec). */
export interface MkFilters {
  a3: number;
  a5: number;
  a7: number;
  b3: number;
  b5: number;
  c5: number;
  c7: number;
  d3: number;
  g1: number;
}

/** The paper's filter counts: 48/24/12, 48/24, 36/18, 72 and a 24-filter 1×1 output. */
export const defaultMkFilters: Readonly<MkFilters> = Object.freeze({
  a3: 48,
  a5: 24,
  a7: 12,
  b3: 48,
  b5: 24,
  c5: 36,
  c7: 18,
  d3: 72,
  g1: 24,
});

/** Options of {@link mkBlock}. */
export interface MkBlockOptions {
  /** Prefix of every layer name, e.g. `mk1` gives `mk1_a3`, `mk1_bn_p`, `mk1_pool`. */
  name: string;
  /** Multiplies every filter count (rounded, at least 1). Default 1. */
  width?: number;
  /** Explicit filter counts; applied before `width`. */
  filters?: Partial<MkFilters>;
  /** End with the 2×2 stride-2 max-pool (default true); false keeps the spatial size. */
  pool?: boolean;
  /** Returns a seed for each initializer, for reproducible builds. */
  nextSeed?: () => number | undefined;
}

const filterIds = Object.keys(defaultMkFilters) as (keyof MkFilters)[];

/** Resolves the filter counts of one block from explicit counts and a width multiplier. */
export function resolveMkFilters(width = 1, filters: Partial<MkFilters> = {}): MkFilters {
  if (!Number.isFinite(width) || width <= 0) {
    throw new InvalidArgumentError('width', `expected a positive finite multiplier, got ${width}`);
  }
  for (const key of Object.keys(filters)) {
    if (!(filterIds as string[]).includes(key)) {
      throw new InvalidArgumentError('filters', `unknown convolution '${key}'; expected one of ${filterIds.join(', ')}`);
    }
  }
  const resolved = { ...defaultMkFilters };
  for (const id of filterIds) {
    const base = filters[id] ?? defaultMkFilters[id];
    requirePositiveInteger(`filters.${id}`, base);
    resolved[id] = Math.max(1, Math.round(base * width));
  }
  return resolved;
}

/**
 * Appends one multi-kernel (MK) block of LR-Net to a layer graph: parallel 3×3/5×5/7×7
 * convolutions joined by channel concatenations, a 1×1 fusion and a 2×2 max-pool.
 */
export function mkBlock(input: tf.SymbolicTensor, options: MkBlockOptions): tf.SymbolicTensor {
  const { name } = options;
  if (name.length === 0) throw new InvalidArgumentError('name', 'expected a non-empty layer-name prefix');
  if (input.shape.length !== 4) {
    throw new InvalidArgumentError('input', `expected a rank-4 [batch, height, width, channels] tensor, got rank ${input.shape.length}`);
  }
  const f = resolveMkFilters(options.width, options.filters);
  const nextSeed = options.nextSeed ?? (() => undefined);

  const conv = (id: keyof MkFilters, kernelSize: number, x: tf.SymbolicTensor): tf.SymbolicTensor =>
    tf.layers
      .conv2d({
        name: `${name}_${id}`,
        filters: f[id],
        kernelSize,
        strides: 1,
        padding: 'same',
        activation: 'relu',
        useBias: true,
        kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
        biasInitializer: 'zeros',
      })
      .apply(x) as tf.SymbolicTensor;
  const norm = (id: string, x: tf.SymbolicTensor): tf.SymbolicTensor =>
    tf.layers.batchNormalization({ name: `${name}_bn_${id}`, axis: -1, momentum: 0.99, epsilon: 1e-3 }).apply(x) as tf.SymbolicTensor;
  const cat = (id: string, xs: tf.SymbolicTensor[]): tf.SymbolicTensor =>
    tf.layers.concatenate({ name: `${name}_${id}`, axis: -1 }).apply(xs) as tf.SymbolicTensor;

  const a3 = conv('a3', 3, input);
  const a5 = conv('a5', 5, input);
  const a7 = conv('a7', 7, input);
  const p = cat('p', [input, a3, a5]);
  const q = cat('q', [input, a3, a5, a7]);
  const nA = norm('a3', a3);
  const nP = norm('p', p);
  const nQ = norm('q', q);
  const b3 = conv('b3', 3, nA);
  const b5 = conv('b5', 5, nA);
  const d = cat('d', [input, b3, b5, nA]);
  const c5 = conv('c5', 5, nP);
  const c7 = conv('c7', 7, nQ);
  const e = cat('e', [input, c5, c7]);
  const nE = norm('e', e);
  const nD = norm('d', d);
  const d3 = conv('d3', 3, nE);
  const nF = norm('d3', d3);
  const g = cat('g', [input, nD, nA, nP, nQ, nE, nF]);
  const g1 = conv('g1', 1, g);
  const nG = norm('g1', g1);
  if (options.pool === false) return nG;
  return tf.layers.maxPooling2d({ name: `${name}_pool`, poolSize: 2, strides: 2, padding: 'valid' }).apply(nG) as tf.SymbolicTensor;
}

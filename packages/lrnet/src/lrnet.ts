import * as tf from '@tensorflow/tfjs';
import { type ClassifierBackEnd, type ImageShape, InvalidArgumentError, createRng, requirePositiveInteger } from '@lowres/core';
import { type MkFilters, mkBlock } from './mk-block';

/** Options of {@link lrnet}; every default reproduces the paper's model. */
export interface LrnetOptions {
  /** Number of MK blocks, each halving the spatial size. Default 3. */
  blocks?: number;
  /** Filter-count multiplier applied to every block. Default 1. */
  width?: number;
  /** One multiplier per block (overrides `width`), e.g. `[1, 2, 2]` widens blocks 2 and 3. */
  blockWidths?: readonly number[];
  /** Explicit filter counts for every block (before the width multiplier). */
  filters?: Partial<MkFilters>;
  /** Units of the hidden Dense layers of the head. Default [256, 128, 128, 64]. */
  head?: readonly number[];
  /** Dropout rate after every hidden Dense layer. Default 0.3. */
  dropout?: number;
  /** Activation of the class layer: 'softmax' (default, as the authors' code) or 'linear' logits. */
  classesActivation?: 'softmax' | 'linear';
  /** Seed of the weight initializers; omit for a random initialisation. */
  seed?: number;
}

/** The paper's hidden Dense sizes. */
export const defaultLrnetHead: readonly number[] = Object.freeze([256, 128, 128, 64]);


function resolveBlockWidths(blocks: number, width: number, blockWidths: readonly number[] | undefined): number[] {
  if (!Number.isFinite(width) || width <= 0) {
    throw new InvalidArgumentError('width', `expected a positive finite multiplier, got ${width}`);
  }
  if (blockWidths === undefined) return Array.from({ length: blocks }, () => width);
  if (blockWidths.length !== blocks) {
    throw new InvalidArgumentError('blockWidths', `expected ${blocks} multipliers (one per block), got ${blockWidths.length}`);
  }
  blockWidths.forEach((w, i) => {
    if (!Number.isFinite(w) || w <= 0) {
      throw new InvalidArgumentError(`blockWidths[${i}]`, `expected a positive finite multiplier, got ${w}`);
    }
  });
  return [...blockWidths];
}

/**
 * LR-Net classifier back end: stacked multi-kernel blocks, a flatten and a dropout MLP head.
 * With defaults and a 28×28×1 input with 10 classes it has exactly 1,028,234 parameters.
 */
export function lrnet(options: LrnetOptions = {}): ClassifierBackEnd {
  const blocks = options.blocks ?? 3;
  requirePositiveInteger('blocks', blocks);
  const widths = resolveBlockWidths(blocks, options.width ?? 1, options.blockWidths);
  const head = options.head ?? defaultLrnetHead;
  head.forEach((units, i) => {
    requirePositiveInteger(`head[${i}]`, units);
  });
  const dropout = options.dropout ?? 0.3;
  if (!(dropout >= 0 && dropout < 1)) throw new InvalidArgumentError('dropout', `expected a rate in [0, 1), got ${dropout}`);
  const classesActivation = options.classesActivation ?? 'softmax';
  if (classesActivation !== 'softmax' && classesActivation !== 'linear') {
    throw new InvalidArgumentError('classesActivation', `expected 'softmax' or 'linear', got '${String(classesActivation)}'`);
  }
  const minimum = 2 ** blocks;

  return {
    kind: 'classifier',
    name: 'lrnet',
    minimumInput: { height: minimum, width: minimum },
    build(input: ImageShape, classes: number): tf.LayersModel {
      requirePositiveInteger('input.height', input.height);
      requirePositiveInteger('input.width', input.width);
      requirePositiveInteger('input.channels', input.channels);
      requirePositiveInteger('classes', classes);
      if (input.height < minimum || input.width < minimum) {
        throw new InvalidArgumentError(
          'input',
          `LR-Net with ${blocks} blocks needs at least ${minimum}×${minimum} pixels, got ${input.height}×${input.width}`,
        );
      }
      const rng = options.seed === undefined ? undefined : createRng(options.seed);
      const nextSeed = (): number | undefined => rng?.int(2 ** 31);

      const image = tf.input({ name: 'image', shape: [input.height, input.width, input.channels] });
      let x = image;
      widths.forEach((width, i) => {
        x = mkBlock(x, { name: `mk${i + 1}`, width, filters: options.filters, nextSeed });
      });
      x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
      head.forEach((units, i) => {
        x = tf.layers
          .dense({
            name: `head_dense${i + 1}`,
            units,
            activation: 'relu',
            kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
          })
          .apply(x) as tf.SymbolicTensor;
        x = tf.layers.dropout({ name: `head_dropout${i + 1}`, rate: dropout, seed: nextSeed() }).apply(x) as tf.SymbolicTensor;
      });
      const output = tf.layers
        .dense({
          name: 'predictions',
          units: classes,
          activation: classesActivation,
          kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
        })
        .apply(x) as tf.SymbolicTensor;
      return tf.model({ name: 'lrnet', inputs: image, outputs: output });
    },
  };
}

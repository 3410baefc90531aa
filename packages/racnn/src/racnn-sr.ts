import { type ImageShape, InvalidArgumentError, requirePositiveInteger, type PixelLoss, ShapeMismatchError, type SrFrontEnd } from '@lowres/core';
import type * as tf from '@tensorflow/tfjs';
import { racnnPixelLoss } from './pixel-loss';
import { registerLayers } from './register-layers';
import { buildSrNetwork } from './sr-network';
import { applySrWeights, loadSrWeights, type SrWeights, type SrWeightsSource } from './sr-weights';

/** How the SR layers start: Gaussian (std 0.001, zero bias; "g-") or pre-trained on LR/HR pairs ("p-"). */
export type SrInit = 'gaussian' | 'pretrained';

/** Options shared by {@link racnnSr} and `srcnn`. */
export interface SrOptions {
  /** Integer up-scaling factor; 1 (default, the paper's setting) means inputs are already bicubic-up-scaled. */
  scale?: number;
  /** Image channels the network expects; when omitted, whatever `build` is given. */
  channels?: number;
  /** Initialisation of sconv1..3 (default 'gaussian'). */
  init?: SrInit;
  /** Pre-trained weights for `init: 'pretrained'`: a directory, an IOHandler, or weights already loaded. */
  weights?: SrWeightsSource | SrWeights;
  /** Standard deviation of the Gaussian kernel initialisation (default 0.001). */
  standardDeviation?: number;
  /** Seed of the Gaussian initialisation (unseeded when omitted). */
  seed?: number;
  /** Front-end and model name. */
  name?: string;
}

/** Options of {@link racnnSr}. */
export interface RacnnSrOptions extends SrOptions {
  /** Add the up-scaled input to sconv3's output (default true): the layers learn HR − LR. */
  residual?: boolean;
}

/** An SR front end of this package: an `SrFrontEnd` that may need `load()` before `build()`. */
export interface RacnnFrontEnd extends SrFrontEnd {
  readonly pixelLoss: PixelLoss;
  /** Initialisation of the SR layers. */
  readonly init: SrInit;
  /** Whether the output adds the up-scaled input. */
  readonly residual: boolean;
  /**
   * Reads pre-trained weights given as a directory or IOHandler, so that `build` can apply them
   * synchronously. Resolves at once when there is nothing to load; safe to call repeatedly.
   */
  load(): Promise<void>;
}

/** Internal description of a front end, shared by racnnSr and srcnn. */
export interface FrontEndDefinition extends SrOptions {
  readonly name: string;
  readonly residual: boolean;
  readonly middleKernel: number;
}

function isLoadedWeights(weights: SrWeightsSource | SrWeights): weights is SrWeights {
  return typeof weights === 'object' && 'sconv1' in weights && 'sconv3' in weights;
}

/** Validates the options and returns a front end (used by racnnSr and srcnn). */
export function createFrontEnd(definition: FrontEndDefinition): RacnnFrontEnd {
  const scale = definition.scale ?? 1;
  const init = definition.init ?? 'gaussian';
  const standardDeviation = definition.standardDeviation ?? 0.001;
  requirePositiveInteger('scale', scale);
  if (definition.channels !== undefined) requirePositiveInteger('channels', definition.channels);
  if (init !== 'gaussian' && init !== 'pretrained') {
    throw new InvalidArgumentError('init', `expected 'gaussian' or 'pretrained', got '${String(init)}'`);
  }
  if (!(standardDeviation > 0) || !Number.isFinite(standardDeviation)) {
    throw new InvalidArgumentError('standardDeviation', `expected a positive finite number, got ${standardDeviation}`);
  }
  if (definition.seed !== undefined && !Number.isFinite(definition.seed)) {
    throw new InvalidArgumentError('seed', `expected a finite number, got ${definition.seed}`);
  }
  if (init === 'pretrained' && definition.weights === undefined) {
    throw new InvalidArgumentError('weights', "init 'pretrained' needs weights: a directory, an IOHandler or loaded SrWeights");
  }
  if (init === 'gaussian' && definition.weights !== undefined) {
    throw new InvalidArgumentError('weights', "weights are only used with init 'pretrained'; set init: 'pretrained' or drop weights");
  }
  let loaded: SrWeights | undefined = definition.weights !== undefined && isLoadedWeights(definition.weights) ? definition.weights : undefined;

  return {
    kind: 'sr',
    name: definition.name,
    scale,
    init,
    residual: definition.residual,
    pixelLoss: racnnPixelLoss,
    async load() {
      if (init !== 'pretrained' || loaded !== undefined) return;
      loaded = await loadSrWeights(definition.weights as SrWeightsSource);
    },
    build(input: ImageShape): tf.LayersModel {
      registerLayers();
      requirePositiveInteger('input.height', input.height);
      requirePositiveInteger('input.width', input.width);
      requirePositiveInteger('input.channels', input.channels);
      if (definition.channels !== undefined && input.channels !== definition.channels) {
        throw new ShapeMismatchError(`${definition.name} input`, `[h, w, ${definition.channels}]`, [input.height, input.width, input.channels]);
      }
      if (init === 'pretrained' && loaded === undefined) {
        throw new InvalidArgumentError('weights', `pre-trained weights of '${definition.name}' are not loaded yet: await frontEnd.load() before build()`);
      }
      const model = buildSrNetwork(input, {
        scale,
        residual: definition.residual,
        middleKernel: definition.middleKernel,
        standardDeviation,
        seed: definition.seed,
        modelName: definition.name,
      });
      if (loaded !== undefined) {
        try {
          applySrWeights(model, loaded);
        } catch (error) {
          model.dispose();
          throw error;
        }
      }
      return model;
    },
  };
}

/**
 * The RACNN front end: bicubic ×scale (omitted when scale is 1), then sconv1 9×9×64 ReLU →
 * sconv2 5×5×32 ReLU → sconv3 5×5×channels, output = up-scaled input + sconv3 (69,251 parameters
 * for 3 channels, 57,281 for 1). Call `await load()` before `build` when `init` is 'pretrained'
 * with a directory or IOHandler.
 */
export function racnnSr(options: RacnnSrOptions = {}): RacnnFrontEnd {
  return createFrontEnd({ ...options, name: options.name ?? 'racnn', residual: options.residual ?? true, middleKernel: 5 });
}

/** `racnnSr` followed by `load()`: a front end whose `build` can be called right away. */
export async function loadRacnnSr(options: RacnnSrOptions): Promise<RacnnFrontEnd> {
  const frontEnd = racnnSr(options);
  await frontEnd.load();
  return frontEnd;
}

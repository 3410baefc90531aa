export { BicubicUpscale, type BicubicUpscaleConfig } from './bicubic-upscale';
export { registerLayers } from './register-layers';
export { SR_LAYER_NAMES, type SrLayerName } from './sr-network';
export {
  racnnSr,
  loadRacnnSr,
  type RacnnSrOptions,
  type RacnnFrontEnd,
  type SrOptions,
  type SrInit,
} from './racnn-sr';
export { srcnn, type SrcnnOptions, type SrcnnVariant } from './srcnn';
export { racnnPixelLoss } from './pixel-loss';
export { pretrainSr, type PretrainOptions, type PretrainProgress, type PretrainResult } from './pretrain-sr';
export { loadSrWeights, saveSrWeights, applySrWeights, type SrWeights, type SrWeightsSource, type WeightArray } from './sr-weights';
export { racnnLayerRules, racnnFrozenClassifierLayerRules } from './layer-rules';
export {
  racnnRecipe,
  type RacnnRecipe,
  type RacnnRecipeOptions,
  type RacnnBackboneName,
  type RacnnClassifierTraining,
  type RacnnPretrainStage,
} from './racnn-recipe';

import { racnnSr as createRacnnSr } from './racnn-sr';

/** Default instance: RACNN for inputs already bicubic-up-scaled (scale 1), Gaussian init, any channel count. */
export const racnn = createRacnnSr();

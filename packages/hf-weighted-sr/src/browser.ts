/** @lowres/hf-weighted-sr for browsers (and every other runtime): no Node built-in is reached from here. */
export { initialWeightMap } from './weight-map/initial-weight-map';
export { weightMap, binarizeWeightMap, type WeightMapOptions } from './weight-map/weight-map';
export { weightedL1, selectedShare } from './loss/weighted-l1';
export { WeightNormConv2D, type WeightNormConv2DConfig } from './layers/weight-norm-conv2d';
export { PixelShuffle, pixelShuffle, type PixelShuffleConfig } from './layers/pixel-shuffle';
export { registerLayers } from './layers/register-layers';
export { wdsrA, defaultWdsrA, hfWeightedWdsrA, type WdsrAFrontEnd } from './model/wdsr-a';
export { wdsrAFigures } from './model/wdsr-a-figures';
export { weightMapPixels, type WeightMapPixels, type RenderWeightMapOptions } from './render/weight-map-pixels';
export { buildWdsrA, type WdsrAInput } from './model/build-wdsr-a';
export { resolveWdsrAOptions, type WdsrAOptions, type ResolvedWdsrAOptions } from './model/wdsr-a-options';
export { trainSr, type TrainSrOptions, type TrainSrProgress, type TrainSrResult } from './training/train-sr';
export { upscaleDataset, type ImageArray, type UpscaleDatasetOptions } from './training/upscale-dataset';

/** @lowres/bagnet for browsers (and every other runtime): no Node built-in is reached from here. */
export { bagnet, bagnetLayerNames, type BagnetOptions } from './bagnet';
export { bagnetFigures } from './bagnet-figures';
export {
  bagnetFeatureSize,
  bagnetKernel3,
  bagnetPatches,
  bagnetStageBlocks,
  bagnetStagePlanes,
  bagnetStageStrides,
  type BagnetPatch,
} from './bagnet-architecture';
export { classEvidence } from './class-evidence';
export { isBagnet } from './is-bagnet';
export { evidenceOverlay, type EvidenceHeatmapOptions, type RgbaPicture } from './evidence-overlay';
export {
  trainBagnet,
  bagnetTrainingDefaults,
  type BagnetOptimizerName,
  type BagnetTrainingData,
  type BagnetTrainingResult,
  type BagnetStepInfo,
  type TrainBagnetOptions,
} from './train-bagnet';

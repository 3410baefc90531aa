export { bagnet, bagnetLayerNames, type BagnetOptions } from './bagnet';
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
export { renderEvidenceHeatmap, type EvidenceHeatmapOptions } from './evidence-heatmap';
export {
  trainBagnet,
  bagnetTrainingDefaults,
  type BagnetOptimizerName,
  type BagnetTrainingData,
  type BagnetTrainingResult,
  type BagnetStepInfo,
  type TrainBagnetOptions,
} from './train-bagnet';

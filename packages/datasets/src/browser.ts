/** @lowres/datasets for browsers (and every other runtime): no Node built-in is reached from here. */
export type { ImageDataset, ByteImageDataset } from './images/image-dataset';
export { arraySource, type ImageSource } from './batching/image-source';
export { epochOrder } from './batching/shuffle';
export { stratifiedSplit, type StratifiedSplitOptions, type SplitIndices } from './batching/stratified-split';
export { batches, type Batch, type BatchOptions } from './batching/batches';
export { dihedral } from './augment/dihedral';
export {
  padAndRandomCrop,
  randomHorizontalFlip,
  randomDihedral,
  whiten,
  type PadCropOptions,
  type RandomTransformOptions,
} from './augment/augmentations';
export { degrade, type DegradeOptions } from './degrade/degrade';
export { gaussianBlur, gaussianKernel, type GaussianBlurOptions } from './degrade/gaussian-blur';
export { gaussianNoise, type GaussianNoiseOptions } from './degrade/gaussian-noise';
export { makeLrHrPairs, randomPatches, type LrHrPairs, type LrHrOptions, type PatchOptions } from './degrade/lr-hr-pairs';
export type { LabelledFolder } from './folders/labelled-folder';
export { DownloadError } from './catalogue/download-error';

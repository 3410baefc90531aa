export type { LabeledImages } from './readers/labeled-images';
export { readIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type ReadIdxOptions } from './readers/idx';
export { loadMnistFamily, mnistFileNames, type Split } from './readers/mnist-family';
export { readCifar, type CifarImages } from './readers/cifar';
export { readMaybeGzipped } from './readers/read-dataset-file';
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
export { jpegRecompress, type JpegOptions } from './degrade/jpeg';
export { makeLrHrPairs, randomPatches, type LrHrPairs, type LrHrOptions, type PatchOptions } from './degrade/lr-hr-pairs';
export { parseMat5, readMat5, type MatValue, type MatNumeric, type MatChar, type MatStruct, type MatCell } from './readers/mat5';
export { decodeImage, type BoundingBox, type ImageFileEntry, type DecodeOptions, type DecodedImage } from './folders/decode-image';
export { folderSource, type FolderSourceOptions } from './folders/folder-source';
export type { LabelledFolder } from './folders/labelled-folder';
export { loadTinyImageNet } from './folders/tiny-imagenet';
export { loadDiv2k, type Div2kPair } from './folders/div2k';
export { loadCub } from './folders/cub';
export { loadFlowers102 } from './folders/flowers-102';
export { loadStanfordCars } from './folders/stanford-cars';
export { downloadFile, verifyFile, type ExpectedFile, type DownloadResult } from './catalogue/download';
export { DownloadError } from './catalogue/download-error';
export { DATASET_NAMES, listDatasets, datasetInfo, type DatasetName, type DatasetSplit, type DatasetInfo, type CatalogueFile } from './catalogue/catalogue';
export {
  loadDataset,
  datasetSource,
  defaultCacheDir,
  type LoadDatasetOptions,
  type LoadedDataset,
  type DatasetSourceOptions,
} from './catalogue/load-dataset';
export { extractTar } from './catalogue/extract-tar';

/** @lowres/datasets for Node: the browser-safe API plus the file readers, catalogue, folder datasets, downloads and JPEG degradation (fs, zlib, sharp). */
export * from './browser';
export { readIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type ReadIdxOptions } from './readers/idx';
export { loadMnistFamily, mnistFileNames, type Split } from './readers/mnist-family';
export { readCifar, type CifarImages } from './readers/cifar';
export { readMaybeGzipped } from './readers/read-dataset-file';
export { jpegRecompress, type JpegOptions } from './degrade/jpeg';
export { parseMat5, readMat5, type MatValue, type MatNumeric, type MatChar, type MatStruct, type MatCell } from './readers/mat5';
export { decodeImage, type BoundingBox, type ImageFileEntry, type DecodeOptions, type DecodedImage } from './folders/decode-image';
export { folderSource, type FolderSourceOptions } from './folders/folder-source';
export { loadTinyImageNet } from './folders/tiny-imagenet';
export { loadDiv2k, type Div2kPair } from './folders/div2k';
export { loadCub } from './folders/cub';
export { loadFlowers102 } from './folders/flowers-102';
export { loadStanfordCars } from './folders/stanford-cars';
export { downloadFile, verifyFile, type ExpectedFile, type DownloadResult } from './catalogue/download';
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

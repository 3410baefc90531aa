/** @lowres/metrics for Node: the browser-safe API plus the PNG encoders and charts (pngjs needs Node's zlib and streams). */
export * from './browser';
export { pngByteSize, type PngSize, type PngSizeOptions } from './frequency/png-size';
export { encodePng } from './png/encode-png';
export { Raster, type Rgb } from './render/raster';
export {
  confusionMatrixSvg,
  confusionMatrixPng,
  type ConfusionMatrixChartOptions,
} from './render/confusion-matrix-chart';
export { spectrumSvg, spectrumPng, type SpectrumSeries, type SpectrumChartOptions } from './render/spectrum-chart';

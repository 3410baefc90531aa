/** @lowres/metrics for Node: the browser-safe API plus the PNG encoders and charts (pngjs and resvg are Node-only). */
export * from './browser';
export { pngByteSize, type PngSize, type PngSizeOptions } from './frequency/png-size';
export { encodePng } from './png/encode-png';
export type { Rgb } from './render/colors';
export {
  confusionMatrixSvg,
  confusionMatrixPng,
  type ConfusionMatrixChartOptions,
} from './render/confusion-matrix-chart';
export { spectrumSvg, spectrumPng, type SpectrumSeries, type SpectrumChartOptions } from './render/spectrum-chart';
export { svgLinePlot, type PlotSeries, type LinePlotOptions } from './render/line-plot';
export { svgToPng } from './render/svg-to-png';
export { escapeXml, svgDocument, niceTicks } from './render/svg';

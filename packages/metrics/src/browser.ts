/** @lowres/metrics for browsers (and every other runtime): no Node built-in is reached from here. */
export { accuracy } from './classification/accuracy';
export { topK } from './classification/top-k';
export { confusionMatrix, type ClassCountOptions } from './classification/confusion-matrix';
export {
  perClassAccuracy,
  precisionRecallF1,
  classificationReport,
  type PerClassAccuracy,
} from './classification/per-class';
export {
  summarizeConfusionMatrix,
  type ClassificationSummary,
  type ClassScores,
} from './classification/summary';
export {
  StreamingAccuracy,
  StreamingTopK,
  StreamingConfusionMatrix,
  type StreamingMetric,
} from './classification/streaming';
export type { LabelsInput, PredictionsInput, ScoresInput } from './classification/inputs';
export { psnr } from './image-quality/psnr';
export { ssim, SSIM_WINDOW } from './image-quality/ssim';
export type { ImageQualityOptions, ImageQualityResult } from './image-quality/prepare';
export { fft2d, fftInPlace, type ComplexArray } from './frequency/fft';
export {
  radialPowerSpectrum,
  highFrequencyEnergyShare,
  MAX_RADIAL_FREQUENCY,
  type RadialSpectrum,
  type HighFrequencyShare,
  type SpectrumOptions,
} from './frequency/power-spectrum';
export { countParams, type ParameterCount, type LayerParameterCount } from './cost/count-params';
export { countFlops, type FlopCount, type LayerFlops } from './cost/count-flops';
export { StreamingImageQuality, type ImageQualitySummary } from './image-quality/streaming-image-quality';

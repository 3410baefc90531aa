import { markdownTable } from 'markdown-table';
import { imresize, InvalidArgumentError, ShapeMismatchError } from '@lowres/core';
import { highFrequencyEnergyShare, pngByteSize, spectrumSvg, psnr, type RadialSpectrum, radialPowerSpectrum, SSIM_WINDOW, ssim } from '@lowres/metrics';
import * as tf from '@tensorflow/tfjs';
import { type CheckedDataset, gatherPixels } from '../data/image-dataset';
import type { Pipeline } from '../pipeline/compose-pipeline';

/** File in a run directory holding the {@link SrQuality} of its SR front end on the test set. */
export const SR_QUALITY_FILE = 'sr-quality.json';

/** High-frequency evidence of an image set: the HF-weighted SR paper's two measures. */
export interface FrequencyEvidence {
  /** Mean per-image share of FFT energy above the cutoff (each image's mean removed first). */
  readonly highFrequencyShare: number;
  /** Mean lossless PNG size of one image in bytes (8-bit, zlib level 9). */
  readonly pngMeanBytes: number;
  /** Radially binned FFT power spectrum averaged over the images (each image's mean removed). */
  readonly spectrum: RadialSpectrum;
}

/** Fidelity to the originals plus the frequency evidence of an up-scaled image set. */
export interface UpscaledQuality extends FrequencyEvidence {
  /** Mean per-image PSNR in dB against the originals. */
  readonly psnr: number;
  /** Mean per-image SSIM against the originals; null for images under SSIM's 11×11 window after cropping. */
  readonly ssim: number | null;
}

/** How well a run's SR front end restores the originals, beside bicubic up-scaling of the same inputs. */
export interface SrQuality {
  readonly images: number;
  /** Pixels cropped from every border before PSNR / SSIM (the scale factor, rounded, as SR papers do). */
  readonly cropBorder: number;
  /** Cutoff of the high-frequency share, in cycles per pixel. */
  readonly highFrequencyCutoff: number;
  readonly sr: UpscaledQuality;
  readonly bicubic: UpscaledQuality;
  readonly original: FrequencyEvidence;
  /** Share of the originals' entries the SR's pixel loss trains on (1: every pixel); null when no pixel loss trained the SR. */
  readonly lossPixelShare: number | null;
}

/** Options of {@link scoreSuperResolution}. */
export interface ScoreSuperResolutionOptions {
  /** Images per forward pass. Default 64. */
  batchSize?: number;
  /** Share of a batch of originals the SR's pixel loss trains on; absent when no pixel loss trained the SR. */
  lossPixelShare?: (hr: tf.Tensor4D) => number;
  /** Cutoff of the high-frequency share in cycles per pixel. Default 0.25 (half the Nyquist frequency). */
  highFrequencyCutoff?: number;
}

/** Running sums of one image set's measures. */
class Tally {
  private psnr = 0;
  private ssim = 0;
  private highFrequency = 0;
  private pngBytes = 0;
  private images = 0;
  private spectrum: RadialSpectrum | null = null;

  constructor(
    private readonly cropBorder: number,
    private readonly cutoff: number,
  ) {}

  /** Adds a batch; its fidelity too when `originals` are given. */
  add(images: tf.Tensor4D, originals?: tf.Tensor4D): void {
    const n = images.shape[0];
    if (originals) {
      const options = { cropBorder: this.cropBorder };
      this.psnr += psnr(images, originals, options).mean * n;
      if (measuresSsim(images, this.cropBorder)) this.ssim += ssim(images, originals, options).mean * n;
    }
    this.highFrequency += highFrequencyEnergyShare(images, { cutoff: this.cutoff }).mean * n;
    this.pngBytes += pngByteSize(images).totalBytes;
    this.spectrum = addSpectra(this.spectrum, this.images, radialPowerSpectrum(images), n);
    this.images += n;
  }

  evidence(): FrequencyEvidence {
    return { highFrequencyShare: this.highFrequency / this.images, pngMeanBytes: this.pngBytes / this.images, spectrum: this.spectrum! };
  }

  upscaled(shape: readonly number[]): UpscaledQuality {
    return { psnr: this.psnr / this.images, ssim: measuresSsim(shape, this.cropBorder) ? this.ssim / this.images : null, ...this.evidence() };
  }
}

/** The image-weighted mean of a spectrum over `before` images and one over `added` more (same bins). */
function addSpectra(sum: RadialSpectrum | null, before: number, batch: RadialSpectrum, added: number): RadialSpectrum {
  if (!sum) return batch;
  const mean = (a: number, b: number) => (a * before + b * added) / (before + added);
  return {
    frequencies: sum.frequencies,
    counts: sum.counts,
    energy: sum.energy.map((value, bin) => mean(value, batch.energy[bin]!)),
    power: sum.power.map((value, bin) => (value === null ? null : mean(value, batch.power[bin]!))),
  };
}

function measuresSsim(images: tf.Tensor4D | readonly number[], cropBorder: number): boolean {
  const [, height, width] = images instanceof tf.Tensor ? images.shape : images;
  return Math.min(height!, width!) - 2 * cropBorder >= SSIM_WINDOW;
}

/**
 * Scores an SR model on LR inputs against the originals they were degraded from: PSNR / SSIM (border
 * of `scale` pixels cropped), the high-frequency energy share and PNG size of its outputs, the same for
 * MATLAB bicubic up-scaling of the inputs and for the originals, and the share of pixels the SR's loss
 * uses. Outputs are clipped to [0, 1] first, as saving them as images would. Leaves no tensors behind.
 */
export function scoreSuperResolution(
  srModel: tf.LayersModel,
  input: CheckedDataset,
  originals: CheckedDataset,
  options: ScoreSuperResolutionOptions = {},
): SrQuality {
  const { batchSize = 64, highFrequencyCutoff = 0.25 } = options;
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new InvalidArgumentError('batchSize', `expected a positive integer, got ${batchSize}`);
  if (input.count !== originals.count) {
    throw new ShapeMismatchError('originals', `${input.count} images (one per input)`, [originals.count]);
  }
  if (originals.channels !== input.channels) {
    throw new ShapeMismatchError('originals', `${input.channels} channel(s), as the inputs`, [originals.height, originals.width, originals.channels]);
  }
  // The border SR papers crop is the scale factor (rounded, for sizes that are not a whole multiple).
  const scale = Math.max(originals.height / input.height, originals.width / input.width);
  const cropBorder = scale > 1 ? Math.round(scale) : 0;
  const outputShape = [input.count, originals.height, originals.width, originals.channels];
  const sr = new Tally(cropBorder, highFrequencyCutoff);
  const bicubic = new Tally(cropBorder, highFrequencyCutoff);
  const original = new Tally(cropBorder, highFrequencyCutoff);
  let shareSum = 0;
  for (let start = 0; start < input.count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, input.count - start) }, (_, i) => start + i);
    const n = indices.length;
    const [upscaled, resized, hr] = tf.tidy((): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] => {
      const low = tf.tensor4d(gatherPixels(input, indices), [n, input.height, input.width, input.channels]);
      const target = tf.tensor4d(gatherPixels(originals, indices), [n, originals.height, originals.width, originals.channels]);
      const output = srModel.predict(low) as tf.Tensor4D;
      if (!tf.util.arraysEqual(output.shape, target.shape)) {
        throw new ShapeMismatchError('SR model output', `[${target.shape.join(', ')}] (the originals)`, output.shape);
      }
      const bicubicOutput = imresize(low, { size: [originals.height, originals.width] });
      return [tf.clipByValue(output, 0, 1), tf.clipByValue(bicubicOutput, 0, 1), tf.clipByValue(target, 0, 1)];
    });
    try {
      sr.add(upscaled, hr);
      bicubic.add(resized, hr);
      original.add(hr);
      if (options.lossPixelShare) shareSum += options.lossPixelShare(hr) * n;
    } finally {
      tf.dispose([upscaled, resized, hr]);
    }
  }
  return {
    images: input.count,
    cropBorder,
    highFrequencyCutoff,
    sr: sr.upscaled(outputShape),
    bicubic: bicubic.upscaled(outputShape),
    original: original.evidence(),
    lossPixelShare: options.lossPixelShare ? shareSum / input.count : null,
  };
}

/**
 * {@link scoreSuperResolution} of a pipeline's SR front end on inputs degraded from `originals`; null when
 * its output is not the originals' size, so it restores nothing. `trainedOnPixels` says whether a pixel
 * loss (pre-training or a staged SR phase) trained it: then its loss pixel share is reported, from the
 * front end's {@link SrFrontEnd.lossPixelShare} hook or 1 when its loss has no weight map.
 */
export function scorePipelineSr(pipeline: Pipeline, input: CheckedDataset, originals: CheckedDataset, batchSize: number, trainedOnPixels: boolean): SrQuality | null {
  const { height, width } = pipeline.classifierInput;
  if (height !== originals.height || width !== originals.width) return null;
  const lossPixelShare = trainedOnPixels ? (pipeline.sr.lossPixelShare ?? (() => 1)) : undefined;
  return scoreSuperResolution(pipeline.srModel, input, originals, { batchSize, ...(lossPixelShare ? { lossPixelShare } : {}) });
}

/** File of the spectrum plot a report's SR quality section links to, under the run directory. */
export const SR_SPECTRUM_PLOT = 'plots/sr-spectrum.svg';

/** The radial power spectra of the SR output, bicubic and the originals as one SVG plot; null when none has any power (constant images). */
export function srSpectrumSvg(quality: SrQuality): string | null {
  const series = [
    { label: 'SR output', spectrum: quality.sr.spectrum },
    { label: 'bicubic', spectrum: quality.bicubic.spectrum },
    { label: 'original', spectrum: quality.original.spectrum },
  ].filter(({ spectrum }) => spectrum.power.some((power) => power !== null && power > 0));
  return series.length === 0 ? null : spectrumSvg(series, { title: `Radial power spectrum, mean over ${quality.images} test images` });
}

/** Markdown lines presenting an {@link SrQuality} in a report, linking the spectrum plot when one was drawn. */
export function srQualityMarkdown(quality: SrQuality, spectrumPlot: string | null = null): string[] {
  const row = (name: string, figures: FrequencyEvidence & Partial<UpscaledQuality>) => [
    name,
    figures.psnr?.toFixed(2) ?? '–',
    typeof figures.ssim === 'number' ? figures.ssim.toFixed(4) : '–',
    (figures.highFrequencyShare * 100).toFixed(2),
    figures.pngMeanBytes.toFixed(1),
  ];
  const header = ['image set', 'PSNR dB', 'SSIM', 'HF share %', 'PNG bytes per image'];
  return [
    '## Super-resolution quality (test set)',
    '',
    `${quality.images} test images against their originals; PSNR and SSIM with ${quality.cropBorder} border pixels cropped; ` +
      `HF share: FFT energy above ${quality.highFrequencyCutoff} cycles per pixel.`,
    '',
    markdownTable([header, row('SR output', quality.sr), row('bicubic', quality.bicubic), row('original', quality.original)], { alignDelimiters: false }),
    '',
    quality.lossPixelShare === null
      ? 'No pixel loss trained the SR front end.'
      : `The SR's pixel loss uses ${(quality.lossPixelShare * 100).toFixed(2)} % of the originals' pixels (its weight map on the test originals).`,
    '',
    ...(spectrumPlot ? [`![radial power spectrum](${spectrumPlot})`, ''] : []),
  ];
}

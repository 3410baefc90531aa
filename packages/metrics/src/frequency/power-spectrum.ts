import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, requirePositiveInteger } from '@lowres/core';
import { fft2d } from './fft';
import { channelPlane, readImageBatch } from './read-images';

/** Largest radial frequency on the grid, in cycles per pixel: |(0.5, 0.5)|. */
export const MAX_RADIAL_FREQUENCY = Math.SQRT1_2;

/** Options of {@link radialPowerSpectrum} and {@link highFrequencyEnergyShare}. */
export interface SpectrumOptions {
  /** Subtract each channel's mean first, so the DC term (brightness) carries no energy. Default true. */
  removeMean?: boolean;
}

/** Power of every 2-D frequency of one plane with its radial frequency (cycles per pixel). */
export interface PlanePower {
  /** |F|² / (H·W)², so that the total equals the plane's mean squared value (Parseval). */
  readonly power: Float64Array;
  readonly radius: Float64Array;
}

function signedFrequency(index: number, length: number): number {
  return (index <= length / 2 ? index : index - length) / length;
}

/** Normalised power spectrum of a real plane and the radial frequency of each entry. */
export function planePower(plane: Float64Array, height: number, width: number, removeMean: boolean): PlanePower {
  let input = plane;
  if (removeMean) {
    const mean = plane.reduce((sum, value) => sum + value, 0) / plane.length;
    input = plane.map((value) => value - mean);
  }
  const { real, imaginary } = fft2d(input, height, width);
  const scale = 1 / (height * width) ** 2;
  const power = new Float64Array(height * width);
  const radius = new Float64Array(height * width);
  for (let y = 0; y < height; y += 1) {
    const fy = signedFrequency(y, height);
    for (let x = 0; x < width; x += 1) {
      const i = y * width + x;
      power[i] = (real[i]! ** 2 + imaginary[i]! ** 2) * scale;
      radius[i] = Math.hypot(fy, signedFrequency(x, width));
    }
  }
  // With the mean removed the DC term is exactly zero; its rounding residue (~1e-33) would otherwise
  // set the floor of a log-scale plot.
  if (removeMean) power[0] = 0;
  return { power, radius };
}

/** A radially binned power spectrum averaged over images and channels. */
export interface RadialSpectrum {
  /** Bin centres in cycles per pixel, covering [0, √0.5]. */
  readonly frequencies: number[];
  /** Summed power per bin (bins add up to the mean squared value of the images). */
  readonly energy: number[];
  /** Mean power per frequency sample of each bin; null for bins no frequency falls in. */
  readonly power: (number | null)[];
  /** Number of 2-D frequencies in each bin (per plane). */
  readonly counts: number[];
}

/**
 * Radially binned FFT power spectrum of [H,W,C] or [N,H,W,C] images: each channel's 2-D DFT power
 * |F|²/(H·W)², binned by radius √(fy² + fx²) in cycles per pixel, averaged over images and channels.
 */
export function radialPowerSpectrum(
  images: tf.Tensor,
  options: SpectrumOptions & { bins?: number } = {},
): RadialSpectrum {
  const { bins = 32, removeMean = true } = options;
  requirePositiveInteger('bins', bins);
  const batch = readImageBatch(images, 'images');
  const width = MAX_RADIAL_FREQUENCY / bins;
  const energy = new Array<number>(bins).fill(0);
  const counts = new Array<number>(bins).fill(0);
  const planes = batch.count * batch.channels;
  for (let n = 0; n < batch.count; n += 1) {
    for (let c = 0; c < batch.channels; c += 1) {
      const { power, radius } = planePower(channelPlane(batch, n, c), batch.height, batch.width, removeMean);
      for (let i = 0; i < power.length; i += 1) {
        const bin = Math.min(bins - 1, Math.floor(radius[i]! / width));
        energy[bin]! += power[i]! / planes;
        if (n === 0 && c === 0) counts[bin]! += 1;
      }
    }
  }
  return {
    frequencies: energy.map((_, b) => (b + 0.5) * width),
    energy,
    power: energy.map((value, b) => (counts[b] === 0 ? null : value / counts[b]!)),
    counts,
  };
}

/** Share of spectral energy above a cutoff, per image and over the whole set. */
export interface HighFrequencyShare {
  readonly perImage: number[];
  readonly mean: number;
  /** Energy above the cutoff over total energy, summed over every image. */
  readonly overall: number;
}

/**
 * Share of FFT energy at radial frequencies above `cutoff` cycles per pixel (default 0.25, i.e. half
 * the Nyquist frequency), all channels together. An image with no energy at all has share 0.
 */
export function highFrequencyEnergyShare(
  images: tf.Tensor,
  options: SpectrumOptions & { cutoff?: number } = {},
): HighFrequencyShare {
  const { cutoff = 0.25, removeMean = true } = options;
  if (!(cutoff > 0 && cutoff < MAX_RADIAL_FREQUENCY)) {
    throw new InvalidArgumentError('cutoff', `must lie in (0, ${MAX_RADIAL_FREQUENCY.toFixed(4)}) cycles per pixel, got ${cutoff}`);
  }
  const batch = readImageBatch(images, 'images');
  const perImage: number[] = [];
  let totalAbove = 0;
  let total = 0;
  for (let n = 0; n < batch.count; n += 1) {
    let above = 0;
    let all = 0;
    for (let c = 0; c < batch.channels; c += 1) {
      const { power, radius } = planePower(channelPlane(batch, n, c), batch.height, batch.width, removeMean);
      for (let i = 0; i < power.length; i += 1) {
        all += power[i]!;
        if (radius[i]! > cutoff) above += power[i]!;
      }
    }
    perImage.push(all === 0 ? 0 : above / all);
    totalAbove += above;
    total += all;
  }
  return {
    perImage,
    mean: perImage.reduce((sum, value) => sum + value, 0) / perImage.length,
    overall: total === 0 ? 0 : totalAbove / total,
  };
}

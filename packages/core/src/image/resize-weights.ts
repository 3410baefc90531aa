import { InvalidArgumentError } from '../errors';
import { requirePositiveInteger } from '../util/require-positive-integer';
import { cubicKernel } from './cubic-kernel';

/** Width (in input pixels, before antialias stretching) of the bicubic kernel's support. */
const KERNEL_WIDTH = 4;

/**
 * Sparse resampling weights along one axis: output pixel `o` is
 * Σ_k weights[o·taps + k] · input[indices[o·taps + k]] (indices already mirrored into range).
 */
export interface ResizeWeights {
  readonly inLength: number;
  readonly outLength: number;
  readonly taps: number;
  readonly weights: Float64Array;
  readonly indices: Int32Array;
}

/** Maps an out-of-range 0-based index into [0, n) by symmetric mirroring (MATLAB's [1:n, n:-1:1] trick). */
function mirror(index: number, n: number): number {
  const period = 2 * n;
  const m = ((index % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

/** MATLAB imresize `contributions` for the bicubic kernel: per output pixel, taps and normalised weights. */
export function resizeWeights(inLength: number, outLength: number, scale: number, antialias = true): ResizeWeights {
  requirePositiveInteger('inLength', inLength);
  requirePositiveInteger('outLength', outLength);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new InvalidArgumentError('scale', `expected a positive finite number, got ${scale}`);
  }
  const stretch = scale < 1 && antialias;
  const width = stretch ? KERNEL_WIDTH / scale : KERNEL_WIDTH;
  const kernel = stretch ? (t: number) => scale * cubicKernel(scale * t) : cubicKernel;
  const taps = Math.ceil(width) + 2;
  const weights = new Float64Array(outLength * taps);
  const indices = new Int32Array(outLength * taps);
  for (let o = 0; o < outLength; o++) {
    const x = o + 1; // MATLAB coordinates are 1-based
    const u = x / scale + 0.5 * (1 - 1 / scale);
    const left = Math.floor(u - width / 2);
    let sum = 0;
    for (let k = 0; k < taps; k++) {
      const w = kernel(u - (left + k));
      weights[o * taps + k] = w;
      sum += w;
      indices[o * taps + k] = mirror(left + k - 1, inLength);
    }
    for (let k = 0; k < taps; k++) weights[o * taps + k] = (weights[o * taps + k] as number) / sum;
  }
  return { inLength, outLength, taps, weights, indices };
}

/**
 * Row-major outLength×inLength matrix of MATLAB bicubic imresize weights with mirrored borders
 * folded in: resizing one axis of length inLength equals multiplying by this matrix.
 */
export function resizeMatrix(inLength: number, outLength: number, scale: number, antialias = true): Float64Array {
  const sparse = resizeWeights(inLength, outLength, scale, antialias);
  const matrix = new Float64Array(outLength * inLength);
  for (let o = 0; o < outLength; o++) {
    for (let k = 0; k < sparse.taps; k++) {
      const j = sparse.indices[o * sparse.taps + k] as number;
      matrix[o * inLength + j] = (matrix[o * inLength + j] as number) + (sparse.weights[o * sparse.taps + k] as number);
    }
  }
  return matrix;
}

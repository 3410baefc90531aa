/** A complex signal as separate real and imaginary parts of equal length. */
export interface ComplexArray {
  real: Float64Array;
  imaginary: Float64Array;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

// cos and sin of 2πj/n for j < n/2, per power-of-two length n (computed once per length).
const twiddleTables = new Map<number, { cos: Float64Array; sin: Float64Array }>();

function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  let table = twiddleTables.get(n);
  if (!table) {
    table = { cos: new Float64Array(n >> 1), sin: new Float64Array(n >> 1) };
    for (let j = 0; j < n >> 1; j += 1) {
      table.cos[j] = Math.cos((2 * Math.PI * j) / n);
      table.sin[j] = Math.sin((2 * Math.PI * j) / n);
    }
    twiddleTables.set(n, table);
  }
  return table;
}

// Iterative radix-2 Cooley–Tukey, in place; n must be a power of two.
function radix2(real: Float64Array, imaginary: Float64Array, inverse: boolean): void {
  const n = real.length;
  for (let i = 1, j = 0; i < n; i += 1) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [real[i], real[j]] = [real[j]!, real[i]!];
      [imaginary[i], imaginary[j]] = [imaginary[j]!, imaginary[i]!];
    }
  }
  const sign = inverse ? 1 : -1;
  const table = twiddles(n);
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const stride = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k += 1) {
        const cos = table.cos[k * stride]!;
        const sin = sign * table.sin[k * stride]!;
        const a = start + k;
        const b = a + half;
        const tr = real[b]! * cos - imaginary[b]! * sin;
        const ti = real[b]! * sin + imaginary[b]! * cos;
        real[b] = real[a]! - tr;
        imaginary[b] = imaginary[a]! - ti;
        real[a] = real[a]! + tr;
        imaginary[a] = imaginary[a]! + ti;
      }
    }
  }
}

/** What Bluestein's algorithm needs for one length: the chirp, the transformed kernel and scratch space. */
interface ChirpPlan {
  readonly m: number;
  readonly chirpCos: Float64Array;
  readonly chirpSin: Float64Array;
  readonly kernelReal: Float64Array;
  readonly kernelImaginary: Float64Array;
  readonly scratchReal: Float64Array;
  readonly scratchImaginary: Float64Array;
}

const chirpPlans = new Map<number, ChirpPlan>();

function chirpPlan(n: number): ChirpPlan {
  const cached = chirpPlans.get(n);
  if (cached) return cached;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const chirpCos = new Float64Array(n);
  const chirpSin = new Float64Array(n);
  for (let k = 0; k < n; k += 1) {
    // k² mod 2n keeps the angle small and exact for large k.
    const angle = (Math.PI * ((k * k) % (2 * n))) / n;
    chirpCos[k] = Math.cos(angle);
    chirpSin[k] = Math.sin(angle);
  }
  const kernelReal = new Float64Array(m);
  const kernelImaginary = new Float64Array(m);
  kernelReal[0] = chirpCos[0]!;
  kernelImaginary[0] = chirpSin[0]!;
  for (let k = 1; k < n; k += 1) {
    kernelReal[k] = kernelReal[m - k] = chirpCos[k]!;
    kernelImaginary[k] = kernelImaginary[m - k] = chirpSin[k]!;
  }
  radix2(kernelReal, kernelImaginary, false);
  const plan = { m, chirpCos, chirpSin, kernelReal, kernelImaginary, scratchReal: new Float64Array(m), scratchImaginary: new Float64Array(m) };
  chirpPlans.set(n, plan);
  return plan;
}

// Bluestein's chirp-z: a length-n DFT as a circular convolution of power-of-two length.
function bluestein(real: Float64Array, imaginary: Float64Array): void {
  const n = real.length;
  const { m, chirpCos, chirpSin, kernelReal, kernelImaginary, scratchReal: aReal, scratchImaginary: aImaginary } = chirpPlan(n);
  aReal.fill(0);
  aImaginary.fill(0);
  for (let k = 0; k < n; k += 1) {
    // a_k = x_k · exp(−iπk²/n)
    aReal[k] = real[k]! * chirpCos[k]! + imaginary[k]! * chirpSin[k]!;
    aImaginary[k] = imaginary[k]! * chirpCos[k]! - real[k]! * chirpSin[k]!;
  }
  radix2(aReal, aImaginary, false);
  for (let k = 0; k < m; k += 1) {
    const r = aReal[k]! * kernelReal[k]! - aImaginary[k]! * kernelImaginary[k]!;
    aImaginary[k] = aReal[k]! * kernelImaginary[k]! + aImaginary[k]! * kernelReal[k]!;
    aReal[k] = r;
  }
  radix2(aReal, aImaginary, true);
  for (let k = 0; k < n; k += 1) {
    const r = aReal[k]! / m;
    const i = aImaginary[k]! / m;
    real[k] = r * chirpCos[k]! + i * chirpSin[k]!;
    imaginary[k] = i * chirpCos[k]! - r * chirpSin[k]!;
  }
}

/** In-place forward DFT X_k = Σ x_j·e^(−2πijk/n) of any length (radix-2, or Bluestein otherwise). */
export function fftInPlace(real: Float64Array, imaginary: Float64Array): void {
  if (real.length !== imaginary.length) throw new RangeError('real and imaginary parts differ in length');
  if (real.length <= 1) return;
  if (isPowerOfTwo(real.length)) radix2(real, imaginary, false);
  else bluestein(real, imaginary);
}

/** Forward 2-D DFT of a real row-major height×width plane (rows, then columns). */
export function fft2d(plane: ArrayLike<number>, height: number, width: number): ComplexArray {
  if (plane.length !== height * width) throw new RangeError(`plane holds ${plane.length} values, not ${height}×${width}`);
  const real = Float64Array.from(plane);
  const imaginary = new Float64Array(height * width);
  const rowReal = new Float64Array(width);
  const rowImaginary = new Float64Array(width);
  for (let y = 0; y < height; y += 1) {
    rowReal.set(real.subarray(y * width, (y + 1) * width));
    rowImaginary.fill(0);
    fftInPlace(rowReal, rowImaginary);
    real.set(rowReal, y * width);
    imaginary.set(rowImaginary, y * width);
  }
  const columnReal = new Float64Array(height);
  const columnImaginary = new Float64Array(height);
  for (let x = 0; x < width; x += 1) {
    for (let y = 0; y < height; y += 1) {
      columnReal[y] = real[y * width + x]!;
      columnImaginary[y] = imaginary[y * width + x]!;
    }
    fftInPlace(columnReal, columnImaginary);
    for (let y = 0; y < height; y += 1) {
      real[y * width + x] = columnReal[y]!;
      imaginary[y * width + x] = columnImaginary[y]!;
    }
  }
  return { real, imaginary };
}

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Arithmetic of the native convolutions: float32, or bfloat16 products accumulated in float32. */
export type ConvolutionPrecision = 'f32' | 'bf16';

/** A geometry vector for the addon's convolutions (see native/convolution.cc). */
export type ConvolutionGeometry = number[];

/** The functions of the compiled addon (native/*.cc). */
export interface NativeAddon {
  info(): { onednn: string; isa: string; threads: number };
  setThreads(threads: number): void;
  conv2dForward(x: Float32Array, filter: Float32Array, bias: Float32Array | null, out: Float32Array, geometry: ConvolutionGeometry): void;
  conv2dBackwardData(dy: Float32Array, filter: Float32Array, dx: Float32Array, geometry: ConvolutionGeometry): void;
  conv2dBackwardWeights(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: ConvolutionGeometry): void;
  implementations(): string[];
  /** 'bf16': convolutions round activations, filters and output gradients to bfloat16 and accumulate in float32; throws where the CPU lacks bf16 instructions. */
  setConvolutionPrecision(precision: ConvolutionPrecision): void;
  matMul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    geometry: number[],
    alpha: number,
    bias: Float32Array | null,
    biasLength: number,
  ): void;
  binary(op: number, a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], out: Float32Array, outShape: number[]): void;
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number, beta: number): void;
  addN(inputs: Float32Array[], out: Float32Array): void;
  reduce(op: number, x: Float32Array, out: Float32Array, outer: number, reduced: number, inner: number): void;
  concat(inputs: Float32Array[], inners: number[], outer: number, out: Float32Array): void;
  split(x: Float32Array, outputs: Float32Array[], inners: number[], outer: number): void;
  stridedCopy(
    x: Float32Array,
    xOffset: number,
    xStrides: number[],
    out: Float32Array,
    outOffset: number,
    outStrides: number[],
    shape: number[],
  ): void;
  fill(out: Float32Array, value: number): void;
  maxPool(x: Float32Array, out: Float32Array, window: number[]): void;
  maxPoolGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, window: number[]): void;
  batchNorm(
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    offset: Float32Array | null,
    scale: Float32Array | null,
    out: Float32Array,
    epsilon: number,
  ): void;
  batchNormTraining(
    x: Float32Array,
    scale: Float32Array | null,
    offset: Float32Array | null,
    y: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    channels: number,
    epsilon: number,
  ): void;
  batchNormTrainingGrad(
    dy: Float32Array,
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array | null,
    dMean: Float32Array | null,
    dVariance: Float32Array | null,
    dx: Float32Array,
    dScale: Float32Array,
    dOffset: Float32Array,
    channels: number,
    epsilon: number,
  ): void;
  softmax(logits: Float32Array, out: Float32Array, rows: number, columns: number): void;
}

/** Whether the addon loaded, and why not when it did not. */
export type AddonLoad = { ok: true; addon: NativeAddon } | { ok: false; reason: string };

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
let loaded: AddonLoad | undefined;

/** Loads build/Release/lowres_native.node once; a missing or broken build yields the reason. */
export function loadAddon(): AddonLoad {
  if (loaded) return loaded;
  const file = join(packageRoot, 'build', 'Release', 'lowres_native.node');
  const buildError = join(packageRoot, 'build', 'build-error.txt');
  if (!existsSync(file)) {
    const why = existsSync(buildError)
      ? readFileSync(buildError, 'utf8').trim()
      : 'the addon was never built (run `node scripts/build-addon.mjs` in @lowres/native, with libdnnl-dev installed)';
    loaded = { ok: false, reason: `@lowres/native addon missing: ${why}` };
    return loaded;
  }
  try {
    loaded = { ok: true, addon: createRequire(import.meta.url)(file) as NativeAddon };
  } catch (error) {
    loaded = { ok: false, reason: `@lowres/native addon failed to load: ${(error as Error).message}` };
  }
  return loaded;
}

import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import { originalKernel } from './register-fast-kernels';

/** A random convolution case for the kernel tests. */
export interface ConvolutionCase {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: 'same' | 'valid' | tf.backend_util.ExplicitPadding;
}

/** Draws a case: batch 1–5, odd and even sizes, kernel 1/3/5/7, stride 1/2, same/valid/explicit, channels 1–64. */
export function randomConvolutionCase(rng: Rng, explicit = false): ConvolutionCase {
  const kernel = [1, 3, 5, 7][rng.int(4)] as number;
  const stride = 1 + rng.int(2);
  const height = kernel + rng.int(9);
  const width = kernel + rng.int(9);
  let pad: ConvolutionCase['pad'] = rng.int(2) === 0 ? 'same' : 'valid';
  if (explicit) {
    pad = [
      [0, 0],
      [rng.int(kernel), rng.int(kernel)],
      [rng.int(kernel), rng.int(kernel)],
      [0, 0],
    ];
  }
  return {
    batch: 1 + rng.int(5),
    height,
    width,
    inChannels: 1 + rng.int(64),
    outChannels: 1 + rng.int(64),
    kernel,
    stride,
    pad,
  };
}

/** Uniform values in [-1, 1). */
export function randomValues(rng: Rng, size: number): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = 2 * rng.next() - 1;
  return values;
}

/** An input of a kernel call given as plain data. */
export interface PlainInput {
  values: Float32Array;
  shape: number[];
}

/** Runs the cpu backend's original (tfjs) kernel on plain data: the exact reference. */
export function runReferenceKernel(
  kernelName: string,
  inputs: Record<string, PlainInput>,
  attrs: tf.NamedAttrMap,
): Float32Array {
  const cpu = tf.findBackend('cpu');
  const kernel = originalKernel(kernelName, 'cpu');
  if (!cpu || !kernel) throw new Error(`no cpu reference for ${kernelName}`);
  const infos: Record<string, tf.TensorInfo> = {};
  for (const [name, input] of Object.entries(inputs)) {
    infos[name] = { dataId: cpu.write(input.values, input.shape, 'float32'), shape: input.shape, dtype: 'float32' };
  }
  const out = kernel.kernelFunc({ inputs: infos, backend: cpu, attrs }) as tf.TensorInfo;
  const values = cpu.readSync(out.dataId) as Float32Array;
  for (const info of [...Object.values(infos), out]) cpu.disposeData(info.dataId);
  return values;
}

/** Runs the kernel registered on the current backend through the engine, on plain data. */
export function runRegisteredKernel(
  kernelName: string,
  inputs: Record<string, PlainInput>,
  attrs: tf.NamedAttrMap,
): { values: Float32Array; shape: number[] } {
  return tf.tidy(() => {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [name, input] of Object.entries(inputs)) tensors[name] = tf.tensor(input.values, input.shape);
    const out = tf.engine().runKernel(kernelName, tensors, attrs) as tf.Tensor;
    return { values: out.dataSync() as Float32Array, shape: out.shape };
  });
}

export { relativeError } from '../testing/relative-error';

/** The seed for a test file: LOWRES_TEST_SEED if set, else fresh; logged so a failure can be replayed. */
export function testSeed(label: string): number {
  const seed = process.env.LOWRES_TEST_SEED ? Number(process.env.LOWRES_TEST_SEED) : Date.now() % 2 ** 31;
  console.info(`${label}: seed ${seed} (replay with LOWRES_TEST_SEED=${seed})`);
  return seed;
}

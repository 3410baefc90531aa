import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { createRng } from '../rng';
import { expectNoTensorLeaks } from '../testing/leaks';
import {
  type ConvolutionCase,
  randomConvolutionCase,
  randomValues,
  relativeError,
  runReferenceKernel,
  runRegisteredKernel,
  testSeed,
} from './kernel-test-support';

const rng = createRng(testSeed('conv2d-backprop'));
const CASES = 6;

function describeCase(c: ConvolutionCase): string {
  return JSON.stringify(c);
}

function filterGradientCase(c: ConvolutionCase) {
  const xShape = [c.batch, c.height, c.width, c.inChannels];
  const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.inChannels, c.outChannels];
  const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape, c.stride, 1, c.pad);
  const dyShape = info.outShape as number[];
  const inputs = {
    x: { values: randomValues(rng, xShape.reduce((a, b) => a * b)), shape: xShape },
    dy: { values: randomValues(rng, dyShape.reduce((a, b) => a * b)), shape: dyShape },
  };
  const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape } as unknown as tf.NamedAttrMap;
  return { inputs, attrs, outShape: filterShape as number[] };
}

function inputGradientCase(c: ConvolutionCase) {
  const inputShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
  const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.inChannels, c.outChannels];
  const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, c.stride, 1, c.pad);
  const dyShape = info.outShape as number[];
  const inputs = {
    dy: { values: randomValues(rng, dyShape.reduce((a, b) => a * b)), shape: dyShape },
    filter: { values: randomValues(rng, filterShape.reduce((a, b) => a * b)), shape: filterShape as number[] },
  };
  const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', inputShape } as unknown as tf.NamedAttrMap;
  return { inputs, attrs, outShape: inputShape as number[] };
}

const KERNELS = [
  ['Conv2DBackpropFilter', filterGradientCase],
  ['Conv2DBackpropInput', inputGradientCase],
] as const;

describe('fast convolution gradient kernels on wasm and cpu', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1 });
    await initBackend('cpu');
  });

  for (const [kernelName, makeCase] of KERNELS) {
    for (const explicit of [false, true]) {
      it(`${kernelName} equals the cpu reference (${explicit ? 'explicit' : 'same/valid'} padding)`, async () => {
        for (let i = 0; i < CASES; i++) {
          const c = randomConvolutionCase(rng, explicit);
          const { inputs, attrs, outShape } = makeCase(c);
          const reference = runReferenceKernel(kernelName, inputs, attrs);
          for (const backendName of ['wasm', 'cpu']) {
            await tf.setBackend(backendName);
            const fast = await expectNoTensorLeaks(() => runRegisteredKernel(kernelName, inputs, attrs), kernelName);
            const label = `${backendName} ${describeCase(c)}`;
            expect(fast.shape, label).toEqual(outShape);
            expect(relativeError(fast.values, reference), label).toBeLessThan(1e-4);
          }
        }
      });
    }
  }
});

import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '@lowres/core';
import { expectNoTensorLeaks, randomConvolutionCase, randomValues, relativeError, testSeed } from '@lowres/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeFallbacks } from './register-native-backend';
import { nativeForTests, runOn } from './test-support';

const { available } = nativeForTests();
const rng: Rng = createRng(testSeed('native kernels'));
type Input = { values: Float32Array; shape: number[] };

function input(shape: number[], positive = false): Input {
  const values = randomValues(rng, shape.reduce((a, b) => a * b, 1));
  if (positive) for (let i = 0; i < values.length; i++) values[i] = Math.abs(values[i] as number) + 0.1;
  return { values, shape };
}

/** Runs `compute` on cpu and native and expects equal shapes and max relative error < 1e-4, with no leaks. */
async function expectSame(label: string, inputs: Input[], compute: (...t: tf.Tensor[]) => tf.Tensor | tf.Tensor[]) {
  const reference = await runOn('cpu', inputs, compute);
  const actual = await expectNoTensorLeaks(() => runOn('native', inputs, compute), label);
  expect(actual.length, label).toBe(reference.length);
  for (let i = 0; i < reference.length; i++) {
    expect(actual[i]?.shape, label).toEqual(reference[i]?.shape);
    const error = relativeError(actual[i]?.values as Float32Array, reference[i]?.values as Float32Array);
    expect(error, `${label} output ${i}: relative error ${error}`).toBeLessThan(1e-4);
  }
}

function randomShape(rank: number, maximum = 6): number[] {
  return Array.from({ length: rank }, () => 1 + rng.int(maximum));
}

describe.skipIf(!available)('native kernels equal the cpu backend on random shapes', () => {
  beforeAll(() => tf.setBackend('native'));

  it('Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter (strides, same/valid/explicit, channels 1–40)', async () => {
    for (let trial = 0; trial < 12; trial++) {
      const c = randomConvolutionCase(rng, trial % 3 === 2);
      const label = `conv ${JSON.stringify(c)}`;
      const x = input([c.batch, c.height, c.width, c.inChannels]);
      const w = input([c.kernel, c.kernel, c.inChannels, c.outChannels]);
      const stride: [number, number] = [c.stride, c.stride];
      const conv = (xs: tf.Tensor, ws: tf.Tensor) => tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, stride, c.pad);
      const y = tf.tidy(() => conv(tf.tensor(x.values, x.shape), tf.tensor(w.values, w.shape)).shape);
      const dy = input(y);
      await expectSame(label, [x, w, dy], (xs, ws, dys) => [
        conv(xs as tf.Tensor, ws as tf.Tensor),
        ...tf.grads((a: tf.Tensor, b: tf.Tensor) => conv(a, b).mul(dys as tf.Tensor).sum())([xs as tf.Tensor, ws as tf.Tensor]),
      ]);
    }
    expect(nativeFallbacks().get('Conv2D') ?? 0).toBe(0);
    expect(nativeFallbacks().get('Conv2DBackpropFilter') ?? 0).toBe(0);
  });

  it('dilated and fused convolutions (bias + each activation)', async () => {
    for (const activation of ['linear', 'relu', 'relu6', 'leakyrelu', 'sigmoid', 'elu'] as const) {
      const inChannels = 1 + rng.int(16);
      const outChannels = 1 + rng.int(16);
      const kernel = 1 + rng.int(5);
      const x = input([1 + rng.int(3), 6 + rng.int(6), 6 + rng.int(6), inChannels]);
      const w = input([kernel, kernel, inChannels, outChannels]);
      const bias = input([outChannels]);
      const dilation = 1 + rng.int(2);
      await expectSame(`fused ${activation}`, [x, w, bias], (xs, ws, bs) =>
        tf.fused.conv2d({
          x: xs as tf.Tensor4D,
          filter: ws as tf.Tensor4D,
          bias: bs as tf.Tensor1D,
          strides: 1,
          pad: 'same',
          dilations: dilation,
          activation,
          leakyreluAlpha: 0.3,
        }),
      );
    }
    expect(nativeFallbacks().get('FusedConv2D') ?? 0).toBe(0);
  });

  it('depthwise convolutions and their gradients', async () => {
    for (let trial = 0; trial < 6; trial++) {
      const channels = 1 + rng.int(12);
      const multiplier = 1 + rng.int(3);
      const kernel = [1, 3, 5][rng.int(3)] as number;
      const stride = 1 + rng.int(2);
      const pad = rng.int(2) === 0 ? 'same' : 'valid';
      const x = input([1 + rng.int(4), kernel + rng.int(8), kernel + rng.int(8), channels]);
      const w = input([kernel, kernel, channels, multiplier]);
      const conv = (xs: tf.Tensor, ws: tf.Tensor) =>
        tf.depthwiseConv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, stride, pad as 'same' | 'valid');
      const y = tf.tidy(() => conv(tf.tensor(x.values, x.shape), tf.tensor(w.values, w.shape)).shape);
      const dy = input(y);
      await expectSame(`depthwise ${trial}`, [x, w, dy], (xs, ws, dys) => [
        conv(xs as tf.Tensor, ws as tf.Tensor),
        ...tf.grads((a: tf.Tensor, b: tf.Tensor) => conv(a, b).mul(dys as tf.Tensor).sum())([xs as tf.Tensor, ws as tf.Tensor]),
      ]);
    }
    expect(nativeFallbacks().get('DepthwiseConv2dNative') ?? 0).toBe(0);
  });

  it('matrix products: transposes, batches, broadcast batches, fused bias and activation', async () => {
    for (let trial = 0; trial < 8; trial++) {
      const [m, n, k] = [1 + rng.int(40), 1 + rng.int(40), 1 + rng.int(40)];
      const transposeA = rng.int(2) === 1;
      const transposeB = rng.int(2) === 1;
      const batch = 1 + rng.int(3);
      const a = input(transposeA ? [batch, k, m] : [batch, m, k]);
      const b = input(transposeB ? [n, k] : [k, n]);
      const bias = input([n]);
      await expectSame(`matmul ${trial}`, [a, b, bias], (as, bs, biases) => [
        tf.matMul(as as tf.Tensor, bs as tf.Tensor, transposeA, transposeB),
        tf.fused.matMul({ a: as as tf.Tensor3D, b: bs as tf.Tensor, transposeA, transposeB, bias: biases as tf.Tensor, activation: 'relu' }),
      ]);
    }
    expect(nativeFallbacks().get('BatchMatMul') ?? 0).toBe(0);
  });

  it('binary elementwise ops with broadcasting', async () => {
    const ops = [tf.add, tf.sub, tf.mul, tf.div, tf.maximum, tf.minimum, tf.squaredDifference];
    for (let trial = 0; trial < 20; trial++) {
      const shape = randomShape(1 + rng.int(4));
      const drop = rng.int(shape.length);
      const other = shape.slice(drop).map((dim) => (rng.int(3) === 0 ? 1 : dim));
      const [left, right] = rng.int(2) === 0 ? [shape, other] : [other, shape];
      const op = ops[trial % ops.length] as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
      await expectSame(`${op.name} ${left} ${right}`, [input(left), input(right, op === tf.div)], (a, b) =>
        op(a as tf.Tensor, b as tf.Tensor),
      );
    }
  });

  it('large arrays take the threaded, blocked paths with the same results', async () => {
    const big = [3, 50_001];
    await expectSame('same-shape mul', [input(big), input(big)], (a, b) => tf.mul(a as tf.Tensor, b as tf.Tensor));
    await expectSame('scalar add', [input(big), input([])], (a, b) => tf.add(a as tf.Tensor, b as tf.Tensor));
    await expectSame('row broadcast sub', [input(big), input([3, 1])], (a, b) => tf.sub(a as tf.Tensor, b as tf.Tensor));
    await expectSame('contiguous slice', [input(big)], (x) => tf.slice(x as tf.Tensor, [1, 7], [2, 40_000]));
    await expectSame('column sum', [input([40_000, 5])], (x) => tf.sum(x as tf.Tensor, 0));
    await expectSame('row max', [input([5, 40_000])], (x) => tf.max(x as tf.Tensor, 1));
  });

  it('unary elementwise ops and AddN', async () => {
    const ops: Array<[string, (x: tf.Tensor) => tf.Tensor, boolean]> = [
      ['relu', tf.relu, false], ['relu6', tf.relu6, false], ['exp', tf.exp, false], ['log', tf.log, true],
      ['sqrt', tf.sqrt, true], ['rsqrt', tf.rsqrt, true], ['square', tf.square, false], ['neg', tf.neg, false],
      ['abs', tf.abs, false], ['sigmoid', tf.sigmoid, false], ['tanh', tf.tanh, false], ['step', (x) => tf.step(x, 0.25), false],
      ['reciprocal', tf.reciprocal, true], ['elu', tf.elu, false], ['leakyRelu', (x) => tf.leakyRelu(x, 0.1), false],
      ['clip', (x) => tf.clipByValue(x, -0.3, 0.4), false], ['log1p', tf.log1p, true], ['floor', (x) => tf.floor(x.mul(3)), false],
    ];
    for (const [name, op, positive] of ops) {
      await expectSame(name, [input(randomShape(1 + rng.int(4), 9), positive)], (x) => op(x as tf.Tensor));
    }
    const shape = randomShape(3);
    await expectSame('addN', [input(shape), input(shape), input(shape)], (a, b, c) => tf.addN([a, b, c] as tf.Tensor[]));
  });

  it('reductions over any axes (contiguous runs natively, others through the cpu kernel)', async () => {
    const ops = [tf.sum, tf.mean, tf.max, tf.min];
    for (let trial = 0; trial < 24; trial++) {
      const shape = randomShape(1 + rng.int(4), 7);
      const axes = shape.map((_, i) => i).filter(() => rng.int(2) === 1);
      const keepDims = rng.int(2) === 1;
      const op = ops[trial % ops.length] as (x: tf.Tensor, axis?: number[], keepDims?: boolean) => tf.Tensor;
      await expectSame(`${op.name} ${shape} axes ${axes}`, [input(shape)], (x) =>
        op(x as tf.Tensor, axes.length ? axes : undefined, keepDims),
      );
    }
    const large = input([64, 12, 12, 16]);
    await expectSame('sum over N,H,W', [large], (x) => tf.sum(x as tf.Tensor, [0, 1, 2]));
    await expectSame('mean over the last axis', [large], (x) => tf.mean(x as tf.Tensor, -1, true));
  });

  it('concat, split, slice, transpose, pad and tile', async () => {
    for (let trial = 0; trial < 8; trial++) {
      const shape = randomShape(1 + rng.int(4));
      const axis = rng.int(shape.length);
      const pieces = Array.from({ length: 1 + rng.int(4) }, () => input(shape.map((d, i) => (i === axis ? 1 + rng.int(5) : d))));
      await expectSame(`concat axis ${axis}`, pieces, (...ts) => tf.concat(ts, axis));
      const total = pieces.reduce((sum, piece) => sum + (piece.shape[axis] as number), 0);
      const whole = input(shape.map((d, i) => (i === axis ? total : d)));
      await expectSame(`split axis ${axis}`, [whole], (x) => tf.split(x as tf.Tensor, pieces.map((p) => p.shape[axis] as number), axis));
      const begin = shape.map((d) => rng.int(d));
      const size = shape.map((d, i) => 1 + rng.int(d - (begin[i] as number)));
      await expectSame(`slice ${begin} ${size}`, [input(shape)], (x) => tf.slice(x as tf.Tensor, begin, size));
      const perm = shape.map((_, i) => i).sort(() => rng.next() - 0.5);
      await expectSame(`transpose ${perm}`, [input(shape)], (x) => tf.transpose(x as tf.Tensor, perm));
      const paddings = shape.map(() => [rng.int(3), rng.int(3)] as [number, number]);
      await expectSame('pad', [input(shape)], (x) => tf.pad(x as tf.Tensor, paddings, 0.5));
      const reps = shape.map(() => 1 + rng.int(3));
      const tileShape = shape.map((d) => (rng.int(2) === 0 ? 1 : d));
      await expectSame(`tile ${tileShape} × ${reps}`, [input(tileShape)], (x) => tf.tile(x as tf.Tensor, reps));
    }
    for (const name of ['Concat', 'SplitV', 'Slice', 'Transpose', 'PadV2', 'Tile']) expect(nativeFallbacks().get(name) ?? 0, name).toBe(0);
  });

  it('max pooling and its gradient, batch norm and softmax', async () => {
    for (let trial = 0; trial < 8; trial++) {
      const filter = 1 + rng.int(3);
      const stride = 1 + rng.int(2);
      const pad = rng.int(2) === 0 ? 'same' : 'valid';
      const x = input([1 + rng.int(4), filter + rng.int(8), filter + rng.int(8), 1 + rng.int(20)]);
      const pool = (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, filter, stride, pad);
      const y = tf.tidy(() => pool(tf.tensor(x.values, x.shape)).shape);
      await expectSame(`maxPool ${filter}/${stride}/${pad}`, [x, input(y)], (xs, dys) => [
        pool(xs as tf.Tensor),
        tf.grad((a: tf.Tensor) => pool(a).mul(dys as tf.Tensor).sum())(xs as tf.Tensor),
      ]);
    }
    const channels = 1 + rng.int(30);
    const shape = [1 + rng.int(5), 1 + rng.int(7), 1 + rng.int(7), channels];
    await expectSame(
      'batchNorm',
      [input(shape), input([channels]), input([channels], true), input([channels]), input([channels])],
      (x, m, v, o, s) => tf.batchNorm(x as tf.Tensor4D, m as tf.Tensor1D, v as tf.Tensor1D, o as tf.Tensor1D, s as tf.Tensor1D, 1e-3),
    );
    await expectSame('softmax', [input([1 + rng.int(9), 1 + rng.int(12)])], (x) => tf.softmax(x as tf.Tensor));
    for (const name of ['MaxPool', 'MaxPoolGrad', 'FusedBatchNorm', 'Softmax']) expect(nativeFallbacks().get(name) ?? 0, name).toBe(0);
  });
});

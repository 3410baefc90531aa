import * as tf from '@tensorflow/tfjs';
import { createRng } from '@lowres/core';
import { expectNoTensorLeaks, randomConvolutionCase, randomValues, relativeError, testSeed } from '@lowres/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAddon } from './addon';
import { nativeFallbacks, nativeImplementations, registerNativeBackend, setNativeConvolutionPrecision } from './register-native-backend';
import { nativeForTests, runOn } from './test-support';

const { available } = nativeForTests();
const load = loadAddon();
const isa = load.ok ? load.addon.info().isa : '';
const hasBf16 = isa === 'avx512_core_bf16' || isa === 'avx512_core_amx';
const rng = createRng(testSeed('bf16 convolutions'));

/** float32 → bfloat16 → float32 with round-to-nearest-even, as oneDNN converts (an independent reference). */
function roundToBf16(values: Float32Array): Float32Array {
  const bits = new Uint32Array(values.slice().buffer);
  for (let i = 0; i < bits.length; i++) {
    const u = bits[i] as number;
    bits[i] = ((u + 0x7fff + ((u >>> 16) & 1)) & 0xffff0000) >>> 0;
  }
  return new Float32Array(bits.buffer);
}

describe.skipIf(!available)('bf16 convolutions (mixed precision)', () => {
  afterAll(() => setNativeConvolutionPrecision('f32'));

  it('rounds 1 + 2^-8 to 1 and 1 + 3·2^-8 up to 1 + 2^-6 (ties to even), like the hardware', () => {
    const rounded = roundToBf16(new Float32Array([1 + 2 ** -8, 1 + 3 * 2 ** -8, -2.5, 0]));
    expect(Array.from(rounded)).toEqual([1, 1 + 2 ** -6, -2.5, 0]);
  });

  it.skipIf(hasBf16)('is refused with a clear error on a CPU without bf16 instructions', () => {
    expect(() => setNativeConvolutionPrecision('bf16')).toThrow(/bf16 convolutions need a CPU with AVX512-BF16 or AMX/);
    expect(registerNativeBackend()).toMatchObject({ ok: true, convolutionPrecision: 'f32' });
  });

  it('rejects an unknown precision by name', () => {
    expect(() => setNativeConvolutionPrecision('f16' as 'f32')).toThrow(/precision.*expected 'f32' or 'bf16', got 'f16'/);
  });

  it.skipIf(!hasBf16)('equal float32 convolutions of the bf16-rounded operands: forward, input and filter gradients', async () => {
    setNativeConvolutionPrecision('bf16');
    expect(registerNativeBackend()).toMatchObject({ ok: true, convolutionPrecision: 'bf16' });
    for (let trial = 0; trial < 10; trial++) {
      const c = randomConvolutionCase(rng, trial % 3 === 2);
      const label = `bf16 conv ${JSON.stringify(c)}`;
      const xShape = [c.batch, c.height, c.width, c.inChannels];
      const wShape = [c.kernel, c.kernel, c.inChannels, c.outChannels];
      const x = randomValues(rng, xShape.reduce((a, b) => a * b, 1));
      const w = randomValues(rng, wShape.reduce((a, b) => a * b, 1));
      const stride: [number, number] = [c.stride, c.stride];
      const conv = (xs: tf.Tensor, ws: tf.Tensor) => tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, stride, c.pad);
      const yShape = tf.tidy(() => conv(tf.tensor(x, xShape), tf.tensor(w, wShape)).shape);
      const dy = randomValues(rng, yShape.reduce((a, b) => a * b, 1));
      const compute = (xs: tf.Tensor, ws: tf.Tensor, dys: tf.Tensor) => [
        conv(xs, ws),
        ...tf.grads((a: tf.Tensor, b: tf.Tensor) => conv(a, b).mul(dys).sum())([xs, ws]),
      ];
      const shapes = (values: Float32Array[]) => values.map((v, i) => ({ values: v, shape: [xShape, wShape, yShape][i] as number[] }));
      const reference = await runOn('cpu', shapes([roundToBf16(x), roundToBf16(w), roundToBf16(dy)]), compute);
      const unrounded = await runOn('cpu', shapes([x, w, dy]), compute);
      const actual = await expectNoTensorLeaks(() => runOn('native', shapes([x, w, dy]), compute), label);
      for (let i = 0; i < 3; i++) {
        const error = relativeError(actual[i]?.values as Float32Array, reference[i]?.values as Float32Array);
        expect(error, `${label} output ${i}: relative error ${error} against the rounded operands`).toBeLessThan(1e-5);
        // The mode took effect: full float32 operands give another result.
        const fromF32 = relativeError(actual[i]?.values as Float32Array, unrounded[i]?.values as Float32Array);
        if (c.inChannels * c.kernel * c.kernel > 4) expect(fromF32, `${label} output ${i}`).toBeGreaterThan(1e-5);
      }
    }
    expect(nativeFallbacks().get('Conv2D') ?? 0).toBe(0);
    expect(nativeImplementations().filter((text) => text.includes('ref'))).toEqual([]);
  });

  it.skipIf(!hasBf16)('switch back to float32 exactly', async () => {
    setNativeConvolutionPrecision('bf16');
    setNativeConvolutionPrecision('f32');
    const x = { values: randomValues(rng, 2 * 9 * 9 * 5), shape: [2, 9, 9, 5] };
    const w = { values: randomValues(rng, 3 * 3 * 5 * 7), shape: [3, 3, 5, 7] };
    const conv = (xs: tf.Tensor, ws: tf.Tensor) => tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, 1, 'same');
    const [reference] = await runOn('cpu', [x, w], conv);
    const [actual] = await runOn('native', [x, w], conv);
    expect(relativeError(actual?.values as Float32Array, reference?.values as Float32Array)).toBeLessThan(1e-5);
  });
});

import { initBackend, InvalidArgumentError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerLayers } from './register-layers';
import { WeightNormConv2D } from './weight-norm-conv2d';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Plain-loop `same` convolution with kernel g·v/‖v‖ (norm per output channel) plus bias. */
function referenceConv(
  image: Float32Array,
  [height, width, inChannels]: number[],
  v: Float32Array,
  g: Float32Array,
  bias: Float32Array,
  size: number,
  filters: number,
): Float64Array {
  const norms = new Float64Array(filters);
  v.forEach((value, index) => {
    norms[index % filters]! += value * value;
  });
  const out = new Float64Array(height! * width! * filters);
  const half = (size - 1) / 2;
  for (let y = 0; y < height!; y++)
    for (let x = 0; x < width!; x++)
      for (let f = 0; f < filters; f++) {
        let sum = bias[f]!;
        for (let ky = 0; ky < size; ky++)
          for (let kx = 0; kx < size; kx++) {
            const sy = y + ky - half;
            const sx = x + kx - half;
            if (sy < 0 || sx < 0 || sy >= height! || sx >= width!) continue;
            for (let c = 0; c < inChannels!; c++) {
              const weight = (v[((ky * size + kx) * inChannels! + c) * filters + f]! * g[f]!) / Math.sqrt(norms[f]!);
              sum += image[(sy * width! + sx) * inChannels! + c]! * weight;
            }
          }
        out[(y * width! + x) * filters + f] = sum;
      }
  return out;
}

describe('WeightNormConv2D', () => {
  it('computes conv(x, g·v/‖v‖) + bias like a plain loop, for arbitrary g and bias', () => {
    const layer = new WeightNormConv2D({ filters: 3, kernelSize: 3, seed: 4 });
    const input = tf.randomUniform([1, 4, 5, 2], 0, 1, 'float32', 7);
    layer.apply(input);
    const [v] = layer.getWeights();
    const g = tf.tensor1d([0.5, -2, 3]);
    const bias = tf.tensor1d([0.1, 0, -0.3]);
    layer.setWeights([v!, g, bias]);
    const output = layer.apply(input) as tf.Tensor;
    const expected = referenceConv(input.dataSync() as Float32Array, [4, 5, 2], v!.dataSync() as Float32Array,
      g.dataSync() as Float32Array, bias.dataSync() as Float32Array, 3, 3);
    const actual = output.dataSync();
    expect(actual.length).toBe(expected.length);
    expected.forEach((value, index) => {
      expect(actual[index]).toBeCloseTo(value, 5);
    });
    tf.dispose([input, g, bias, output]);
    layer.dispose();
  });

  it('is invariant to the scale of v (only its direction matters)', () => {
    const layer = new WeightNormConv2D({ filters: 2, kernelSize: 5, seed: 1 });
    const input = tf.randomUniform([1, 6, 6, 1], 0, 1, 'float32', 3);
    const before = layer.apply(input) as tf.Tensor;
    const [v, g, bias] = layer.getWeights();
    const scaled = v!.mul(7.5);
    layer.setWeights([scaled, g!, bias!]);
    const after = layer.apply(input) as tf.Tensor;
    const difference = tf.tidy(() => after.sub(before).abs().max().dataSync()[0]!);
    expect(difference).toBeLessThan(1e-5);
    tf.dispose([input, before, after, scaled]);
    layer.dispose();
  });

  it('has gradients for v, g and bias that match finite differences', () => {
    const layer = new WeightNormConv2D({ filters: 2, kernelSize: 3, seed: 2 });
    const input = tf.randomUniform([1, 3, 3, 2], 0, 1, 'float32', 5);
    layer.apply(input);
    const upstream = tf.randomUniform([1, 3, 3, 2], -1, 1, 'float32', 6);
    const loss = () => (layer.apply(input) as tf.Tensor).mul(upstream).sum() as tf.Scalar;
    const { grads } = tf.variableGrads(loss, layer.trainableWeights.map((weight) => weight.read() as tf.Variable));
    expect(Object.keys(grads)).toHaveLength(3);
    const epsilon = 1e-2;
    for (const weight of layer.trainableWeights) {
      const variable = weight.read() as tf.Variable;
      const analytic = grads[variable.name]!.dataSync();
      const original = variable.clone();
      const values = original.dataSync();
      for (const index of [0, values.length - 1]) {
        const probe = (delta: number) => {
          const changed = Float32Array.from(values);
          changed[index]! += delta;
          const tensor = tf.tensor(changed, variable.shape);
          variable.assign(tensor);
          tensor.dispose();
          return tf.tidy(() => loss().dataSync()[0]!);
        };
        const numeric = (probe(epsilon) - probe(-epsilon)) / (2 * epsilon);
        expect(analytic[index]).toBeCloseTo(numeric, 2);
      }
      variable.assign(original);
      original.dispose();
    }
    tf.dispose([input, upstream, ...Object.values(grads)]);
    layer.dispose();
  });

  it('round-trips through its config after registerLayers (twice is harmless)', () => {
    registerLayers();
    registerLayers();
    const layer = new WeightNormConv2D({ filters: 4, kernelSize: 5, seed: 3, name: 'probe' });
    const restored = tf.layers.Layer.fromConfig(WeightNormConv2D, layer.getConfig()) as WeightNormConv2D;
    expect(restored.getConfig()).toEqual(layer.getConfig());
    expect(restored.computeOutputShape([null, 7, 7, 3])).toEqual([null, 7, 7, 4]);
  });

  it('rejects even or non-positive kernel sizes and bad filter counts', () => {
    expect(() => new WeightNormConv2D({ filters: 2, kernelSize: 4 })).toThrow(InvalidArgumentError);
    expect(() => new WeightNormConv2D({ filters: 0, kernelSize: 3 })).toThrow(/filters/);
  });
});

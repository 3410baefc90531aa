import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, initBackend } from '@lowres/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MkFilters, defaultMkFilters, mkBlock, resolveMkFilters } from './mk-block';

/** Parameter count of one MK block read straight off the spec table (weights + biases, BN = 4 per channel). */
function specBlockParams(c: number, f: MkFilters): number {
  const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;
  const bn = (channels: number) => 4 * channels;
  const p = c + f.a3 + f.a5;
  const q = p + f.a7;
  const d = c + f.b3 + f.b5 + f.a3;
  const e = c + f.c5 + f.c7;
  const g = c + d + f.a3 + p + q + e + f.d3;
  return (
    conv(3, c, f.a3) + conv(5, c, f.a5) + conv(7, c, f.a7) +
    bn(f.a3) + bn(p) + bn(q) +
    conv(3, f.a3, f.b3) + conv(5, f.a3, f.b5) + conv(5, p, f.c5) + conv(7, q, f.c7) +
    bn(e) + bn(d) + conv(3, e, f.d3) + bn(f.d3) + conv(1, g, f.g1) + bn(f.g1)
  );
}

function blockModel(shape: [number, number, number], options: Parameters<typeof mkBlock>[1]): tf.LayersModel {
  const input = tf.input({ shape });
  return tf.model({ inputs: input, outputs: mkBlock(input, options) });
}

describe('mkBlock', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('has the spec parameter counts for C = 1 and C = 24', () => {
    const first = blockModel([28, 28, 1], { name: 'mk1' });
    const second = blockModel([14, 14, 24], { name: 'mk2' });
    expect(first.countParams()).toBe(240_604);
    expect(second.countParams()).toBe(336_882);
    expect(specBlockParams(1, defaultMkFilters)).toBe(240_604);
    expect(specBlockParams(24, defaultMkFilters)).toBe(336_882);
    first.dispose();
    second.dispose();
  });

  it('matches the spec formula for other channel counts and custom filters', () => {
    const filters = { a3: 5, a5: 3, a7: 2, b3: 4, b5: 3, c5: 6, c7: 2, d3: 7, g1: 9 };
    for (const c of [2, 3, 7]) {
      const model = blockModel([8, 8, c], { name: 'mk', filters });
      expect(model.countParams()).toBe(specBlockParams(c, filters));
      expect(model.outputs[0]!.shape).toEqual([null, 4, 4, 9]);
      model.dispose();
    }
  });

  it('halves the spatial size with floor, or keeps it with pool: false', () => {
    const pooled = blockModel([7, 9, 3], { name: 'mk', width: 0.25 });
    expect(pooled.outputs[0]!.shape).toEqual([null, 3, 4, 6]);
    const kept = blockModel([7, 9, 3], { name: 'mk', width: 0.25, pool: false });
    expect(kept.outputs[0]!.shape).toEqual([null, 7, 9, 6]);
    pooled.dispose();
    kept.dispose();
  });

  it('names layers after the spec ids', () => {
    const model = blockModel([8, 8, 1], { name: 'mk1', width: 0.25 });
    const names = model.layers.map((layer) => layer.name);
    for (const id of ['a3', 'a5', 'a7', 'b3', 'b5', 'c5', 'c7', 'd3', 'g1', 'p', 'q', 'd', 'e', 'g', 'bn_a3', 'bn_p', 'bn_q', 'bn_e', 'bn_d', 'bn_d3', 'bn_g1', 'pool']) {
      expect(names).toContain(`mk1_${id}`);
    }
    // width 0.25 rounds to a3 12, a5 6, a7 3, b3 12, b5 6, c5 9, c7 5, d3 18: G = 1 + 31 + 12 + 19 + 22 + 15 + 18.
    expect(model.getLayer('mk1_g').outputShape).toEqual([null, 8, 8, 118]);
    model.dispose();
  });

  it('concatenates in the spec order (G starts with the block input)', () => {
    const model = blockModel([4, 4, 2], { name: 'mk', width: 0.25, pool: false });
    const probe = tf.model({ inputs: model.inputs, outputs: model.getLayer('mk_g').output as tf.SymbolicTensor });
    const x = tf.randomUniform([1, 4, 4, 2]);
    const g = probe.predict(x) as tf.Tensor;
    const head = g.slice([0, 0, 0, 0], [1, 4, 4, 2]);
    expect(Array.from(head.dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, g, head]);
    model.dispose();
  });

  it('scales filters by width and rejects bad options', () => {
    expect(resolveMkFilters(0.5)).toEqual({ a3: 24, a5: 12, a7: 6, b3: 24, b5: 12, c5: 18, c7: 9, d3: 36, g1: 12 });
    expect(resolveMkFilters(0.01).a7).toBe(1);
    expect(() => resolveMkFilters(0)).toThrow(InvalidArgumentError);
    expect(() => resolveMkFilters(1, { a3: 2.5 })).toThrow(/filters\.a3/);
    expect(() => resolveMkFilters(1, { z9: 3 } as Partial<MkFilters>)).toThrow(/unknown convolution 'z9'/);
    const input = tf.input({ shape: [8, 8, 1] });
    expect(() => mkBlock(input, { name: '' })).toThrow(InvalidArgumentError);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { createRng } from '../rng';
import { expectNoTensorLeaks } from '../testing/leaks';
import { batchNormGradient } from './batch-norm-gradient';
import { randomValues, relativeError, testSeed } from './kernel-test-support';
import { originalGradient } from './register-gradient-overrides';

const rng = createRng(testSeed('batch-norm-gradient'));

function evaluate(config: tf.GradConfig, dy: tf.Tensor, saved: tf.Tensor[], epsilon: number): Record<string, Float32Array> {
  return tf.tidy(() => {
    const closures = config.gradFunc(dy, saved, { varianceEpsilon: epsilon } as unknown as tf.NamedAttrMap);
    const out: Record<string, Float32Array> = {};
    for (const [name, closure] of Object.entries(closures)) out[name] = tf.tidy(closure).dataSync() as Float32Array;
    return out;
  });
}

describe('FusedBatchNorm gradient without Tile', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it.each([
    ['per-channel statistics', [3, 5, 4, 6], [6]],
    ['full-shape statistics', [2, 3, 3, 4], [2, 3, 3, 4]],
  ])("equals tfjs-core's gradient for %s", async (_label, xShape, statisticShape) => {
    const original = originalGradient('FusedBatchNorm');
    expect(original).toBeDefined();
    const make = (shape: number[], low = -1) =>
      tf.tensor(randomValues(rng, shape.reduce((a, b) => a * b)).map((v) => (low < 0 ? v : 0.5 + Math.abs(v))), shape);
    const [x, dy, mean, variance, scale] = [make(xShape), make(xShape), make(statisticShape), make(statisticShape, 0), make(statisticShape)];
    const saved = [x, mean, variance, scale] as tf.Tensor[];
    const ours = await expectNoTensorLeaks(() => evaluate(batchNormGradient, dy as tf.Tensor, saved, 1e-3), 'batch norm gradient');
    const reference = evaluate(original as tf.GradConfig, dy as tf.Tensor, saved, 1e-3);
    expect(Object.keys(ours).sort()).toEqual(['mean', 'offset', 'scale', 'variance', 'x']);
    for (const name of Object.keys(ours)) {
      expect(relativeError(ours[name] as Float32Array, reference[name] as Float32Array), name).toBeLessThan(1e-5);
    }
    tf.dispose([x, dy, mean, variance, scale]);
  });
});

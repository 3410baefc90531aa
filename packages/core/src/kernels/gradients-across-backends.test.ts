import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, probeBackends } from '../backend/init-backend';
import { gradientOverridesRegistered } from './register-gradient-overrides';
import { createRng } from '../rng';
import { expectNoTensorLeaks } from '../testing/leaks';
import { randomValues, relativeError, testSeed } from './kernel-test-support';

const rng = createRng(testSeed('gradients-across-backends'));

interface GradientCase {
  /** Shapes of the differentiated arguments. */
  shapes: number[][];
  /** A scalar function of the arguments that uses the op under test. */
  f: (...args: tf.Tensor[]) => tf.Scalar;
}

const weighted = (y: tf.Tensor, seed: number): tf.Scalar =>
  tf.sum(tf.mul(y, tf.randomUniform(y.shape, -1, 1, 'float32', seed)));

const CASES: Record<string, GradientCase> = {
  'conv2d same stride 1 (+bias, relu)': {
    shapes: [[3, 9, 8, 5], [3, 3, 5, 7], [7]],
    f: (x, w, b) => weighted(tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), b as tf.Tensor)), 1),
  },
  'conv2d valid stride 2': {
    shapes: [[2, 11, 10, 4], [5, 5, 4, 6]],
    f: (x, w) => weighted(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'valid'), 2),
  },
  'fused conv2d (layers path)': {
    shapes: [[2, 8, 8, 3], [3, 3, 3, 4], [4]],
    f: (x, w, b) =>
      weighted(
        tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 1, pad: 'same', bias: b, activation: 'relu' }),
        3,
      ),
  },
  'conv2dTranspose stride 2': {
    shapes: [[2, 5, 5, 6], [3, 3, 4, 6]],
    f: (x, w) => weighted(tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 10, 10, 4], 2, 'same'), 4),
  },
  'max pool 2×2 and 3×3 same stride 2': {
    shapes: [[2, 9, 8, 3]],
    f: (x) => tf.add(weighted(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'), 5), weighted(tf.maxPool(x as tf.Tensor4D, 3, 2, 'same'), 6)),
  },
  'max pool after relu (ties at zero), 3×3 valid stride 1': {
    shapes: [[2, 6, 7, 3]],
    f: (x) => weighted(tf.maxPool(tf.relu(x as tf.Tensor4D), 3, 1, 'valid'), 13),
  },
  'average pool 3×3 same stride 1 and 2×2 valid stride 2': {
    shapes: [[2, 7, 7, 4]],
    f: (x) =>
      tf.add(weighted(tf.avgPool(x as tf.Tensor4D, 3, 1, 'same'), 7), weighted(tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid'), 14)),
  },
  'local response normalisation': {
    shapes: [[2, 5, 5, 8]],
    f: (x) => weighted(tf.localResponseNormalization(x as tf.Tensor4D, 2, 1, 1e-2, 0.75), 8),
  },
  'batch norm + concat': {
    shapes: [[2, 4, 4, 3], [3], [3]],
    f: (x, scale, offset) => {
      const { mean, variance } = tf.moments(x as tf.Tensor, [0, 1, 2]);
      const y = tf.batchNorm(x as tf.Tensor4D, mean, variance, offset as tf.Tensor1D, scale as tf.Tensor1D, 1e-3);
      return weighted(tf.concat([x as tf.Tensor, y, tf.square(x as tf.Tensor)], 3), 9);
    },
  },
  'concat along height and channels, narrow and wide pieces (SplitV)': {
    shapes: [[2, 3, 4, 5], [2, 3, 4, 40], [2, 2, 4, 5]],
    f: (a, b, c) =>
      tf.add(weighted(tf.concat([a as tf.Tensor, b as tf.Tensor, a as tf.Tensor], 3), 15), weighted(tf.concat([a as tf.Tensor, c as tf.Tensor], 1), 16)),
  },
  'resize nearest and bilinear (up-sampling layers)': {
    shapes: [[2, 4, 5, 3]],
    f: (x) =>
      tf.add(
        weighted(tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [8, 10]), 17),
        weighted(tf.image.resizeBilinear(x as tf.Tensor4D, [7, 9]), 18),
      ),
  },
  'zero padding, residual add and global average pooling': {
    shapes: [[2, 5, 5, 4], [2, 7, 7, 4]],
    f: (x, y) => weighted(tf.mean(tf.add(tf.pad(x as tf.Tensor4D, [[0, 0], [1, 1], [1, 1], [0, 0]]), y as tf.Tensor), [1, 2]), 19),
  },
  'depth to space (pixel shuffle)': {
    shapes: [[2, 3, 4, 8]],
    f: (x) => weighted(tf.depthToSpace(x as tf.Tensor4D, 2), 10),
  },
  'depthwise conv2d (grouped convolutions)': {
    shapes: [[2, 7, 6, 3], [3, 3, 3, 2]],
    f: (x, w) => weighted(tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), 11),
  },
  'gather (unsorted segment sum)': {
    shapes: [[6, 4]],
    f: (x) => weighted(tf.gather(x as tf.Tensor, tf.tensor1d([0, 2, 2, 5], 'int32')), 12),
  },
  'dense + softmax cross-entropy': {
    shapes: [[4, 12], [12, 5]],
    f: (x, w) => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([0, 1, 4, 2], 'int32'), 5), tf.matMul(x as tf.Tensor, w as tf.Tensor)) as tf.Scalar,
  },
};

/** Gradients of a case, read back asynchronously (WebGPU has no synchronous read-back in Node). */
async function gradients(c: GradientCase, values: Float32Array[]): Promise<Float32Array[]> {
  const grads = tf.tidy(() => {
    const args = c.shapes.map((shape, i) => tf.tensor(values[i] as Float32Array, shape));
    return tf.grads((...xs: tf.Tensor[]) => c.f(...xs))(args);
  });
  const out = await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array));
  tf.dispose(grads);
  return out;
}

/** One test per case: the gradients on `backend` equal cpu's within 1e-4 relative, without leaks. */
function eachCaseAgreesWithCpu(backend: string): void {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const values = c.shapes.map((shape) => randomValues(rng, shape.reduce((a, b) => a * b, 1)));
      await tf.setBackend('cpu');
      const onCpu = await expectNoTensorLeaks(() => gradients(c, values), `${name} on cpu`);
      await tf.setBackend(backend);
      const onOther = await expectNoTensorLeaks(() => gradients(c, values), `${name} on ${backend}`);
      expect(onOther).toHaveLength(c.shapes.length);
      onOther.forEach((gradient, i) => {
        expect(relativeError(gradient, onCpu[i] as Float32Array), `argument ${i}`).toBeLessThan(1e-4);
      });
    });
  }
}

describe('gradients agree across cpu and wasm', () => {
  beforeAll(async () => {
    await initBackend('wasm', { threads: 1 });
    await initBackend('cpu');
  });

  eachCaseAgreesWithCpu('wasm');
});

// Software Vulkan (lavapipe) on CI, forced; skipped with the reason where Dawn finds no adapter.
const webgpu = (await probeBackends({ forced: 'webgpu' })).find((probe) => probe.backend === 'webgpu');
if (!webgpu?.available) console.warn(`gradients-across-backends.test.ts: webgpu skipped: ${webgpu?.reason}`);

describe.skipIf(!webgpu?.available)('gradients agree across cpu and webgpu, lowres gradient overrides included', () => {
  beforeAll(async () => {
    await initBackend('webgpu');
    await initBackend('cpu');
  });

  it('registers the FusedBatchNorm, Mean and DepthToSpace overrides for webgpu too', () => {
    expect(gradientOverridesRegistered()).toBe(true);
  });

  eachCaseAgreesWithCpu('webgpu');
});

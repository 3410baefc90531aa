import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend';
import { expectNoTensorLeaks } from '../testing/leaks';

describe('DepthToSpace gradient', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('routes each output gradient back to the input element it came from (plain-loop reference)', async () => {
    const [batch, height, width, block, channels] = [2, 3, 2, 3, 2];
    const depth = block * block * channels;
    const x = tf.zeros([batch, height, width, depth]);
    const weights = tf.range(0, batch * height * block * width * block * channels).reshape([batch, height * block, width * block, channels]);
    const gradient = await expectNoTensorLeaks(
      () => tf.tidy(() => Array.from(tf.grad((a: tf.Tensor) => tf.depthToSpace(a as tf.Tensor4D, block).mul(weights).sum())(x).dataSync())),
      'DepthToSpace gradient',
    );
    const w = weights.dataSync();
    const expected: number[] = [];
    for (let n = 0; n < batch; n++)
      for (let h = 0; h < height; h++)
        for (let v = 0; v < width; v++)
          for (let d = 0; d < depth; d++) {
            const i = Math.floor(d / (block * channels));
            const j = Math.floor(d / channels) % block;
            const c = d % channels;
            expected.push(w[((n * height * block + h * block + i) * width * block + v * block + j) * channels + c] as number);
          }
    expect(gradient).toEqual(expected);
    x.dispose();
    weights.dispose();
  });
});

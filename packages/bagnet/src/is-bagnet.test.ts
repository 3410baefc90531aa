import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lowres/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bagnet } from './bagnet';
import { isBagnet } from './is-bagnet';

describe('isBagnet', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('tells a BagNet from another classifier', () => {
    const before = tf.memory().numTensors;
    const model = bagnet({ patch: 9, width: 0.125 }).build({ height: 16, width: 16, channels: 1 }, 3);
    const input = tf.input({ shape: [4] });
    const other = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor });
    expect(isBagnet(model)).toBe(true);
    expect(isBagnet(other)).toBe(false);
    model.dispose();
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as tf from '@tensorflow/tfjs';

/** Runs `fn` (sync or async) and throws if the number of live tensors grew. Returns fn's result. */
export async function expectNoTensorLeaks<T>(fn: () => T | Promise<T>, label = 'operation'): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(`${label} leaked ${after - before} tensor(s): ${before} live before, ${after} after`);
  }
  return result;
}

/** Live tensor count, for tests that compare before/after themselves. */
export function liveTensors(): number {
  return tf.memory().numTensors;
}

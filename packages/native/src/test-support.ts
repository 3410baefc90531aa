import * as tf from '@tensorflow/tfjs';
import { registerNativeBackend } from './register-native-backend';

/** Registers the native backend for a test file; throws when LOWRES_REQUIRE_NATIVE=1 and it is unavailable. */
export function nativeForTests(): { available: boolean; reason: string } {
  // Every output starts as NaN: a kernel that leaves an element unwritten fails its test.
  process.env.LOWRES_NATIVE_POISON = '1';
  const registration = registerNativeBackend({ threads: 2 });
  if (!registration.ok && process.env.LOWRES_REQUIRE_NATIVE === '1') {
    throw new Error(`LOWRES_REQUIRE_NATIVE=1 but the native backend is unavailable: ${registration.reason}`);
  }
  if (!registration.ok) console.warn(`skipping native tests: ${registration.reason}`);
  return { available: registration.ok, reason: registration.ok ? '' : registration.reason };
}

/** Runs `compute` on `backend` with inputs made from plain arrays; returns the outputs' values and shapes. */
export async function runOn(
  backend: 'cpu' | 'native',
  inputs: Array<{ values: Float32Array; shape: number[] }>,
  compute: (...tensors: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): Promise<Array<{ values: Float32Array; shape: number[] }>> {
  await tf.setBackend(backend);
  const tensors = inputs.map((input) => tf.tensor(input.values, input.shape));
  const result = tf.tidy(() => compute(...tensors));
  const outputs = Array.isArray(result) ? result : [result];
  const values = outputs.map((t) => ({ values: t.dataSync() as Float32Array, shape: t.shape }));
  tf.dispose([...tensors, ...outputs]);
  return values;
}

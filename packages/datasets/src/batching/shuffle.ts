import { InvalidArgumentError, createRng } from '@lowres/core';

/** The visiting order of epoch `epoch` for `count` items: a seeded permutation, identical for equal (seed, epoch). */
export function epochOrder(count: number, seed: number, epoch = 0): Int32Array {
  if (!Number.isInteger(epoch) || epoch < 0) throw new InvalidArgumentError('epoch', `expected a non-negative integer, got ${epoch}`);
  const rng = createRng(seed);
  for (let e = 0; e < epoch; e++) rng.next();
  return rng.fork().permutation(count);
}

import { createRng } from '@lowres/core';

/**
 * Runs `fn` with Math.random replaced by a generator seeded with `seed`. TF.js initializers and
 * dropout draw their seeds from Math.random when none is given, so building a plugin model (whose
 * initializers we do not control) or running a training step inside this is reproducible.
 */
export function withSeededRandom<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  const rng = createRng(seed);
  Math.random = () => rng.next();
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

/** Mixes a run seed with counters (phase, step…) into a new 32-bit seed. */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let hash = (seed ^ 0x811c9dc5) >>> 0;
  for (const part of parts) {
    hash = Math.imul(hash ^ (part >>> 0), 0x01000193) >>> 0;
    hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return hash;
}

import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool';

describe('BufferPool', () => {
  it('recycles a released buffer of the same length, and only then', () => {
    const pool = new BufferPool(1 << 20);
    const first = pool.take(100);
    pool.retain(first);
    expect(pool.take(100)).not.toBe(first);
    pool.release(first);
    expect(pool.idleBytes).toBe(400);
    const again = pool.take(100);
    expect(again.buffer).toBe(first.buffer);
    expect(pool.idleBytes).toBe(0);
  });

  it('keeps a buffer while any view of it is still held by a tensor', () => {
    const pool = new BufferPool(1 << 20);
    const whole = pool.take(64);
    const view = whole.subarray(8, 16);
    pool.retain(whole);
    pool.retain(view);
    pool.release(whole);
    expect(pool.idleBytes).toBe(0);
    pool.release(view);
    expect(pool.idleBytes).toBe(256);
  });

  it('never recycles arrays it did not create, and drops buffers beyond its capacity', () => {
    const pool = new BufferPool(100);
    const foreign = new Float32Array(10);
    pool.retain(foreign);
    pool.release(foreign);
    expect(pool.owns(foreign)).toBe(false);
    expect(pool.idleBytes).toBe(0);
    const big = pool.take(1000);
    pool.retain(big);
    pool.release(big);
    expect(pool.idleBytes).toBe(0);
  });
});

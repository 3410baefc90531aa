import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool';

describe('BufferPool', () => {
  it('recycles a released buffer for any length of its size class, and only once released', () => {
    const pool = new BufferPool(1 << 24);
    const first = pool.take(100_000);
    expect(first.length).toBe(100_000);
    pool.retain(first);
    expect(pool.take(100_000).buffer).not.toBe(first.buffer);
    pool.release(first);
    expect(pool.idleBytes).toBe(first.buffer.byteLength);
    expect(first.buffer.byteLength / 4).toBeGreaterThanOrEqual(100_000);
    expect(first.buffer.byteLength / 4).toBeLessThan(100_000 * 1.1);
    const again = pool.take(99_000);
    expect(again.buffer).toBe(first.buffer);
    expect(again.length).toBe(99_000);
    expect(pool.idleBytes).toBe(0);
    expect(pool.take(50_000).buffer).not.toBe(first.buffer);
  });

  it('hands a request a free buffer of up to four size classes larger before creating one', () => {
    const pool = new BufferPool(1 << 26);
    const large = pool.take(1_400_000);
    pool.retain(large);
    pool.release(large);
    // 2^(4/8) ≈ 1.41: a request of 1,000,000 elements may take the 1.4-million one, 900,000 may not.
    expect(pool.take(900_000).buffer).not.toBe(large.buffer);
    const borrowed = pool.take(1_000_000);
    expect(borrowed.buffer).toBe(large.buffer);
    expect(borrowed.length).toBe(1_000_000);
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
    expect(pool.idleBytes).toBe(whole.buffer.byteLength);
  });

  it('hands out NaN-filled arrays when poisoning (tests of the kernels use it)', () => {
    const pool = new BufferPool(1 << 20, true);
    expect(pool.take(10).every(Number.isNaN)).toBe(true);
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

/**
 * Recycles the Float32Arrays that native kernels write their outputs into. A fresh ArrayBuffer is
 * zero-filled and page-faulted on first touch; training allocates the same sizes every step, so
 * handing back a released buffer of the same length saves both. Only arrays this pool created are
 * ever recycled, and only once no tensor (nor a view made by a cpu kernel) refers to their buffer.
 */
export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  private readonly owned = new WeakSet<ArrayBufferLike>();
  private readonly references = new Map<ArrayBufferLike, number>();
  private freeBytes = 0;

  /** @param capacityBytes most bytes kept in free lists; beyond it, released buffers go to the GC. */
  constructor(private readonly capacityBytes: number) {}

  /** A float32 array of `length` elements with unspecified contents. */
  take(length: number): Float32Array {
    const list = this.free.get(length);
    const recycled = list?.pop();
    if (recycled) {
      this.freeBytes -= recycled.byteLength;
      return recycled;
    }
    const array = new Float32Array(length);
    this.owned.add(array.buffer);
    return array;
  }

  /** Whether `values` lives in a buffer this pool recycles. */
  owns(values: unknown): values is Float32Array | Int32Array | Uint8Array {
    return ArrayBuffer.isView(values) && this.owned.has(values.buffer);
  }

  /** Records one more tensor whose values live in `values`' buffer. */
  retain(values: unknown): void {
    if (!this.owns(values)) return;
    this.references.set(values.buffer, (this.references.get(values.buffer) ?? 0) + 1);
  }

  /** Records that a tensor no longer refers to `values`; the last release recycles the buffer. */
  release(values: unknown): void {
    if (!this.owns(values)) return;
    const count = (this.references.get(values.buffer) ?? 1) - 1;
    if (count > 0) {
      this.references.set(values.buffer, count);
      return;
    }
    this.references.delete(values.buffer);
    const whole = new Float32Array(values.buffer);
    if (this.freeBytes + whole.byteLength > this.capacityBytes) return;
    const list = this.free.get(whole.length);
    if (list) list.push(whole);
    else this.free.set(whole.length, [whole]);
    this.freeBytes += whole.byteLength;
  }

  /** Bytes held in free lists now. */
  get idleBytes(): number {
    return this.freeBytes;
  }

  /** Drops every free buffer (they go to the GC). */
  clear(): void {
    this.free.clear();
    this.freeBytes = 0;
  }
}

/** Buffer sizes are rounded up to 2^(k/8) elements (at most 9 % unused), so nearby sizes share buffers. */
function sizeClass(length: number): number {
  if (length <= 1024) return 1024;
  return Math.ceil(2 ** (Math.ceil(Math.log2(length) * 8) / 8));
}

/** How many size classes above the requested one a free buffer may come from. */
const SPARE_CLASSES = 4;

/**
 * Recycles the Float32Arrays that native kernels write their outputs into. A fresh ArrayBuffer is
 * zero-filled and page-faulted on first touch, which made fresh outputs cost more than the kernels
 * that fill them; training asks for the same sizes every step, so released buffers are handed out
 * again (a view of the requested length on a buffer of its size class). Only buffers this pool
 * created are recycled, and only once no tensor (nor a view made by a cpu kernel) refers to them.
 */
export class BufferPool {
  private readonly free = new Map<number, ArrayBuffer[]>();
  private readonly owned = new WeakSet<ArrayBufferLike>();
  private readonly references = new Map<ArrayBufferLike, number>();
  private freeBytes = 0;

  /**
   * @param capacityBytes most bytes kept in free lists; beyond it, released buffers go to the GC.
   * @param poison fill every handed-out array with NaN, so a kernel that leaves any output unwritten
   *   shows up in tests (LOWRES_NATIVE_POISON=1).
   */
  constructor(
    private readonly capacityBytes: number,
    private readonly poison = false,
  ) {}

  /** A float32 array of `length` elements with unspecified contents. */
  take(length: number): Float32Array {
    const elements = sizeClass(length);
    let buffer = this.reusable(elements);
    if (buffer) {
      this.freeBytes -= buffer.byteLength;
    } else {
      buffer = new ArrayBuffer(elements * 4);
      this.owned.add(buffer);
    }
    const array = new Float32Array(buffer, 0, length);
    if (this.poison) array.fill(Number.NaN);
    return array;
  }

  /**
   * A free buffer of `elements`' class, else of one of the next few classes: the sizes a step asks for
   * shift between training and inference and from step to step, and a buffer up to 2^(SPARE_CLASSES/8)
   * too large costs less memory than a second one left idle.
   */
  private reusable(elements: number): ArrayBuffer | undefined {
    let size = elements;
    for (let spare = 0; spare <= SPARE_CLASSES; spare++) {
      const buffer = this.free.get(size)?.pop();
      if (buffer) return buffer;
      size = sizeClass(size + 1);
    }
    return undefined;
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
    const buffer = values.buffer as ArrayBuffer;
    if (this.freeBytes + buffer.byteLength > this.capacityBytes) return;
    const elements = buffer.byteLength / 4;
    const list = this.free.get(elements);
    if (list) list.push(buffer);
    else this.free.set(elements, [buffer]);
    this.freeBytes += buffer.byteLength;
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

import type * as tf from '@tensorflow/tfjs';

/** The wasm backend's members this kernel uses. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * The number of whole copies of the input that tiling makes when the repeated axes all come
 * before the others and have size 1 (a per-channel tensor broadcast over N, H, W), else undefined.
 */
function leadingCopies(shape: number[], reps: number[]): number | undefined {
  let copies = 1;
  let leading = true;
  for (let axis = 0; axis < shape.length; axis++) {
    const rep = reps[axis] as number;
    if (leading && shape[axis] === 1) copies *= rep;
    else if (rep === 1) leading = false;
    else return undefined;
  }
  return copies;
}

/**
 * Tile for wasm when the result is whole copies of the input laid end to end (broadcastTo of a
 * per-channel gradient over N, H, W): one copy, then doubling block copies on the heap. tfjs'
 * own wasm Tile computes every element's source index and runs ~15× slower on such shapes.
 * Other cases go to `fallback`.
 */
export function tileLeadingAxes(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const { reps } = args.attrs as unknown as { reps: number[] };
    if (x.dtype === 'string' || x.dtype === 'complex64' || reps.length !== x.shape.length) return fallback(args);
    const copies = leadingCopies(x.shape, reps);
    const size = x.shape.reduce((a, b) => a * b, 1);
    if (copies === undefined || size === 0 || copies === 0) return fallback(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const out = backend.makeOutput(
      x.shape.map((length, axis) => length * (reps[axis] as number)),
      x.dtype,
    );
    // Views are taken after the allocation: an allocation may grow (and move) the heap.
    const target = backend.typedArrayFromHeap(out);
    target.set(backend.typedArrayFromHeap(x));
    const total = size * copies;
    for (let filled = size; filled < total; filled *= 2) target.copyWithin(filled, 0, Math.min(filled, total - filled));
    return out;
  };
}

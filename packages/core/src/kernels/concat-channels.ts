import * as tf from '@tensorflow/tfjs';

/** The wasm backend's members this kernel uses. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Below this many contiguous elements a plain loop beats creating a subarray view and calling set. */
const SHORT_RUN = 32;

/**
 * Concat for wasm: like tfjs' own (views of the wasm heap, no copies out), but narrow pieces
 * (LR-Net concatenates 1- to 72-channel tensors along the channel axis) are copied by a plain
 * loop instead of one subarray view per pixel.
 */
export function concatOnHeap(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const inputs = (args.inputs as unknown as tf.TensorInfo[]).filter((t) => t.shape.every((size) => size > 0));
    const first = inputs[0];
    if (!first || inputs.length < 2 || first.dtype === 'string' || first.dtype === 'complex64') return fallback(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const axis = tf.util.parseAxisParam((args.attrs as { axis: number }).axis, first.shape)[0] as number;
    const outShape = tf.backend_util.computeOutShape(
      inputs.map((t) => t.shape),
      axis,
    );
    const out = backend.makeOutput(outShape, first.dtype);
    const outer = first.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const widths = inputs.map((t) => t.shape.slice(axis).reduce((a, b) => a * b, 1));
    const rowLength = widths.reduce((a, b) => a + b, 0);
    // Views are taken after the allocation: an allocation may grow (and move) the heap.
    const target = backend.typedArrayFromHeap(out);
    let offset = 0;
    inputs.forEach((input, index) => {
      const source = backend.typedArrayFromHeap(input);
      const width = widths[index] as number;
      if (width >= SHORT_RUN) {
        for (let o = 0; o < outer; o++) target.set(source.subarray(o * width, (o + 1) * width), o * rowLength + offset);
      } else {
        for (let o = 0; o < outer; o++) {
          const from = o * width;
          const to = o * rowLength + offset;
          for (let i = 0; i < width; i++) target[to + i] = source[from + i] as number;
        }
      }
      offset += width;
    });
    return out;
  };
}

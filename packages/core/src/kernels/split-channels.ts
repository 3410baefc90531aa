import * as tf from '@tensorflow/tfjs';

/** The wasm backend's members this kernel uses. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Below this many contiguous elements a plain loop beats creating a subarray view and calling set. */
const SHORT_RUN = 32;

/**
 * SplitV for wasm (the gradient of every concatenation): all outputs are allocated first, then
 * each is filled from one view of the input in the wasm heap. tfjs' own SplitV slices piece by
 * piece and each slice copies the whole input out of the heap first.
 */
export function splitOnHeap(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const x = inputs.x as tf.TensorInfo;
    if (x.dtype === 'string' || x.dtype === 'complex64') return fallback(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const { numOrSizeSplits, axis } = attrs as unknown as { numOrSizeSplits: number[] | number; axis: number | number[] };
    const splitAxis = tf.util.parseAxisParam(axis, x.shape)[0] as number;
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, splitAxis);
    const outer = x.shape.slice(0, splitAxis).reduce((a, b) => a * b, 1);
    const inner = x.shape.slice(splitAxis + 1).reduce((a, b) => a * b, 1);
    const axisSize = x.shape[splitAxis] as number;
    const outputs = sizes.map((size) => {
      const shape = [...x.shape];
      shape[splitAxis] = size;
      return backend.makeOutput(shape, x.dtype);
    });
    // Views are taken after every allocation: an allocation may grow (and move) the heap.
    const source = backend.typedArrayFromHeap(x);
    const rowLength = axisSize * inner;
    let begin = 0;
    outputs.forEach((output, piece) => {
      const target = backend.typedArrayFromHeap(output);
      const width = (sizes[piece] as number) * inner;
      const start = begin * inner;
      if (width >= SHORT_RUN) {
        for (let o = 0; o < outer; o++) {
          const from = o * rowLength + start;
          target.set(source.subarray(from, from + width), o * width);
        }
      } else {
        let k = 0;
        for (let o = 0; o < outer; o++) {
          const from = o * rowLength + start;
          for (let i = 0; i < width; i++) target[k++] = source[from + i] as number;
        }
      }
      begin += sizes[piece] as number;
    });
    return outputs;
  };
}

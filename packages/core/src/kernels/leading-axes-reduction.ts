import * as tf from '@tensorflow/tfjs';

/** The wasm backend's members this kernel uses. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Attributes of the Sum and Mean kernels. */
interface ReductionAttributes {
  axis: number | number[];
  keepDims: boolean;
}

/** How many leading axes `axes` reduces, or undefined when they are not exactly axes 0..k−1 with k < rank. */
function leadingAxisCount(axes: number[], rank: number): number | undefined {
  const sorted = [...new Set(axes)].sort((a, b) => a - b);
  if (sorted.length === 0 || sorted.length >= rank) return undefined;
  return sorted.every((axis, index) => axis === index) ? sorted.length : undefined;
}

/**
 * Column sums of a row-major [rows, columns] matrix, accumulated in float64. Four rows per pass
 * keep the loop bound by memory reads rather than by the accumulator stores.
 */
function columnSums(values: Float32Array, rows: number, columns: number): Float64Array {
  const sums = new Float64Array(columns);
  let row = 0;
  for (; row + 4 <= rows; row += 4) {
    const a = row * columns;
    const b = a + columns;
    const c = b + columns;
    const d = c + columns;
    for (let i = 0; i < columns; i++) {
      sums[i] =
        (sums[i] as number) + (values[a + i] as number) + (values[b + i] as number) + (values[c + i] as number) + (values[d + i] as number);
    }
  }
  for (; row < rows; row++) {
    const a = row * columns;
    for (let i = 0; i < columns; i++) sums[i] = (sums[i] as number) + (values[a + i] as number);
  }
  return sums;
}

/**
 * Sum or Mean for wasm over leading axes of a float32 tensor (bias gradients and batch-norm
 * statistics reduce the N, H, W axes of NHWC tensors): one pass of column sums over the tensor in
 * the wasm heap. tfjs' own kernel needs the reduced axes innermost and transposes the whole
 * tensor first. Any other reduction goes to `fallback`.
 */
export function leadingAxesReduction(fallback: tf.KernelFunc, mean: boolean): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const { axis, keepDims } = args.attrs as unknown as ReductionAttributes;
    if (x.dtype !== 'float32') return fallback(args);
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const count = leadingAxisCount(axes, x.shape.length);
    if (count === undefined) return fallback(args);
    const rows = x.shape.slice(0, count).reduce((a, b) => a * b, 1);
    const columns = x.shape.slice(count).reduce((a, b) => a * b, 1);
    if (rows === 0 || columns === 0) return fallback(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const outShape = keepDims ? [...x.shape.slice(0, count).map(() => 1), ...x.shape.slice(count)] : x.shape.slice(count);
    const out = backend.makeOutput(outShape, 'float32');
    // Views are taken after the allocation: an allocation may grow (and move) the heap.
    const sums = columnSums(backend.typedArrayFromHeap(x) as Float32Array, rows, columns);
    const target = backend.typedArrayFromHeap(out) as Float32Array;
    const factor = mean ? 1 / rows : 1;
    for (let i = 0; i < columns; i++) target[i] = (sums[i] as number) * factor;
    return out;
  };
}

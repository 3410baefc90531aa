import * as tf from '@tensorflow/tfjs';
import { allFloatValues, floatValues, type NativeKernel, output, stridesOf } from './kernel-support';

const product = (dims: number[]): number => dims.reduce((total, dim) => total * dim, 1);

const concat: NativeKernel = ({ inputs, backend, attrs }) => {
  const tensors = inputs as unknown as tf.TensorInfo[];
  const first = tensors[0];
  const values = allFloatValues(backend, tensors);
  if (!first || !values) return undefined;
  const axis = tf.util.parseAxisParam(attrs.axis as number, first.shape)[0] as number;
  const shape = tf.backend_util.computeOutShape(
    tensors.map((t) => t.shape),
    axis,
  );
  const outer = product(first.shape.slice(0, axis));
  const out = output(backend, shape);
  backend.addon.concat(
    values,
    tensors.map((t) => product(t.shape.slice(axis))),
    outer,
    out.values,
  );
  return out.info;
};

const splitV: NativeKernel = ({ inputs, backend, attrs }) => {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  const values = floatValues(backend, x);
  if (!x || !values) return undefined;
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0] as number;
  const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, attrs.numOrSizeSplits as number | number[], axis);
  const inner = product(x.shape.slice(axis + 1));
  const outs = sizes.map((size) => output(backend, x.shape.map((dim, i) => (i === axis ? size : dim))));
  backend.addon.split(
    values,
    outs.map((o) => o.values),
    sizes.map((size) => size * inner),
    product(x.shape.slice(0, axis)),
  );
  return outs.map((o) => o.info);
};

const slice: NativeKernel = ({ inputs, backend, attrs }) => {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  const values = floatValues(backend, x);
  if (!x || !values) return undefined;
  const [begin, size] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, attrs.begin as number[], attrs.size as number[]) as [
    number[],
    number[],
  ];
  const strides = stridesOf(x.shape);
  const offset = begin.reduce((total, start, i) => total + start * (strides[i] as number), 0);
  const out = output(backend, size);
  if (out.values.length > 0) backend.addon.stridedCopy(values, offset, strides, out.values, 0, stridesOf(size), size);
  return out.info;
};

const transpose: NativeKernel = ({ inputs, backend, attrs }) => {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  const values = floatValues(backend, x);
  if (!x || !values) return undefined;
  const perm = attrs.perm as number[];
  const strides = stridesOf(x.shape);
  const shape = perm.map((axis) => x.shape[axis] as number);
  const out = output(backend, shape);
  if (out.values.length > 0) {
    backend.addon.stridedCopy(values, 0, perm.map((axis) => strides[axis] as number), out.values, 0, stridesOf(shape), shape);
  }
  return out.info;
};

const pad: NativeKernel = ({ inputs, backend, attrs }) => {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  const values = floatValues(backend, x);
  if (!x || !values) return undefined;
  const paddings = attrs.paddings as Array<[number, number]>;
  const shape = x.shape.map((dim, i) => (paddings[i]?.[0] ?? 0) + dim + (paddings[i]?.[1] ?? 0));
  const out = output(backend, shape);
  backend.addon.fill(out.values, (attrs.constantValue as number | undefined) ?? 0);
  const outStrides = stridesOf(shape);
  const offset = paddings.reduce((total, [before], i) => total + before * (outStrides[i] as number), 0);
  if (values.length > 0) backend.addon.stridedCopy(values, 0, stridesOf(x.shape), out.values, offset, outStrides, x.shape);
  return out.info;
};

const tile: NativeKernel = ({ inputs, backend, attrs }) => {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  const values = floatValues(backend, x);
  if (!x || !values || values.length === 0) return undefined;
  const reps = attrs.reps as number[];
  const shape = x.shape.map((dim, i) => dim * (reps[i] as number));
  const out = output(backend, shape);
  const xStrides = stridesOf(x.shape);
  const outStrides = stridesOf(shape);
  // Size-1 dims broadcast through a zero stride; other repeated dims are copied once per repetition.
  const copyShape = x.shape.map((dim, i) => (dim === 1 ? (reps[i] as number) : dim));
  const sourceStrides = x.shape.map((dim, i) => (dim === 1 ? 0 : (xStrides[i] as number)));
  const repeated = x.shape.map((dim, i) => (dim === 1 ? 1 : (reps[i] as number)));
  const copies = product(repeated);
  for (let copy = 0; copy < copies; copy++) {
    let rest = copy;
    let offset = 0;
    for (let i = repeated.length - 1; i >= 0; i--) {
      const index = rest % (repeated[i] as number);
      rest = Math.floor(rest / (repeated[i] as number));
      offset += index * (x.shape[i] as number) * (outStrides[i] as number);
    }
    backend.addon.stridedCopy(values, 0, sourceStrides, out.values, offset, outStrides, copyShape);
  }
  return out.info;
};

/** Native data-movement kernels by TF.js kernel name. */
export const copyKernels: Record<string, NativeKernel> = {
  Concat: concat,
  SplitV: splitV,
  Slice: slice,
  Transpose: transpose,
  PadV2: pad,
  Tile: tile,
};

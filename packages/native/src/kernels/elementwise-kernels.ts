import * as tf from '@tensorflow/tfjs';
import { allFloatValues, floatValues, type NativeKernel, output } from './kernel-support';

const BINARY_OPS: Record<string, number> = {
  Add: 0,
  Sub: 1,
  Multiply: 2,
  RealDiv: 3,
  Maximum: 4,
  Minimum: 5,
  SquaredDifference: 6,
};

const UNARY_OPS: Record<string, number> = {
  Relu: 0,
  Relu6: 1,
  Exp: 2,
  Log: 3,
  Sqrt: 4,
  Rsqrt: 5,
  Square: 6,
  Neg: 7,
  Abs: 8,
  Sigmoid: 9,
  Tanh: 10,
  Step: 11,
  Reciprocal: 12,
  Elu: 13,
  LeakyRelu: 14,
  ClipByValue: 15,
  Log1p: 16,
  Floor: 17,
};

function binary(op: number): NativeKernel {
  return ({ inputs, backend }) => {
    const { a, b } = inputs as Record<string, tf.TensorInfo>;
    const aValues = floatValues(backend, a);
    const bValues = floatValues(backend, b);
    if (!a || !b || !aValues || !bValues) return undefined;
    const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = output(backend, shape);
    backend.addon.binary(op, aValues, a.shape, bValues, b.shape, out.values, shape);
    return out.info;
  };
}

function unaryParameters(name: string, attrs: tf.NamedAttrMap): [number, number] {
  if (name === 'Step') return [(attrs.alpha as number | undefined) ?? 0, 0];
  if (name === 'LeakyRelu') return [attrs.alpha as number, 0];
  if (name === 'ClipByValue') return [attrs.clipValueMin as number, attrs.clipValueMax as number];
  return [0, 0];
}

function unary(name: string, op: number): NativeKernel {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs as Record<string, tf.TensorInfo>;
    const values = floatValues(backend, x);
    if (!x || !values) return undefined;
    const [alpha, beta] = unaryParameters(name, attrs);
    const out = output(backend, x.shape);
    backend.addon.unary(op, values, out.values, alpha, beta);
    return out.info;
  };
}

const addN: NativeKernel = ({ inputs, backend }) => {
  const tensors = inputs as unknown as tf.TensorInfo[];
  const values = allFloatValues(backend, tensors);
  const first = tensors[0];
  if (!values || !first || tensors.some((t) => !tf.util.arraysEqual(t.shape, first.shape))) return undefined;
  const out = output(backend, first.shape);
  backend.addon.addN(values, out.values);
  return out.info;
};

/** Native elementwise kernels by TF.js kernel name. */
export const elementwiseKernels: Record<string, NativeKernel> = {
  ...Object.fromEntries(Object.entries(BINARY_OPS).map(([name, op]) => [name, binary(op)])),
  ...Object.fromEntries(Object.entries(UNARY_OPS).map(([name, op]) => [name, unary(name, op)])),
  AddN: addN,
};

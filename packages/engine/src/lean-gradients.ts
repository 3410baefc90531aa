import { InvalidArgumentError } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** A kernel call recorded on TF.js's gradient tape (tfjs-core's internal TapeNode). */
interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
  /** Forward tensors kept (as clones) for this node's gradient only. */
  saved?: tf.Tensor[];
}

/** The parts of tfjs-core's Engine that tf.variableGrads uses (internal, stable across 4.x). */
interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T extends tf.TensorContainer>(name: string, f: () => T): T;
}

/**
 * The tape's nodes that lie on a path from one of `xs` to `y`, in tape order, each with its inputs
 * narrowed to those that depend on `xs` (no gradient is computed for the others, e.g. the images).
 */
function nodesFromXsToY(tape: readonly TapeNode[], xs: readonly tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const dependsOnXs = new Set(xs.map((x) => x.id));
  const fromXs = new Set<TapeNode>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((input) => dependsOnXs.has(input.id))) {
      fromXs.add(node);
      for (const output of node.outputs) dependsOnXs.add(output.id);
    }
  }
  const leadsToY = new Set([y.id]);
  const toY = new Set<TapeNode>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i] as TapeNode;
    if (!node.outputs.some((output) => leadsToY.has(output.id))) continue;
    toY.add(node);
    for (const input of Object.values(node.inputs)) leadsToY.add(input.id);
  }
  return tape
    .filter((node) => fromXs.has(node) && toY.has(node))
    .map((node) => ({ ...node, inputs: Object.fromEntries(Object.entries(node.inputs).filter(([, input]) => dependsOnXs.has(input.id))) }));
}

/**
 * Gradients by id, with a count of the entries each tensor fills: a gradient function may hand back
 * its incoming gradient itself, so one tensor can be the gradient of several tensors at once.
 */
class GradientMap {
  private readonly byId = new Map<number, tf.Tensor>();
  private readonly uses = new Map<tf.Tensor, number>();

  get(id: number): tf.Tensor | undefined {
    return this.byId.get(id);
  }

  set(id: number, gradient: tf.Tensor): void {
    this.delete(id);
    this.byId.set(id, gradient);
    this.uses.set(gradient, (this.uses.get(gradient) ?? 0) + 1);
  }

  /** Forgets `id`'s gradient and disposes it unless it is another entry's gradient too. */
  delete(id: number): void {
    const gradient = this.byId.get(id);
    if (!gradient) return;
    this.byId.delete(id);
    const uses = (this.uses.get(gradient) ?? 1) - 1;
    if (uses > 0) {
      this.uses.set(gradient, uses);
      return;
    }
    this.uses.delete(gradient);
    gradient.dispose();
  }

  /** Disposes `tensor` unless it is some entry's gradient. */
  disposeUnlessHeld(tensor: tf.Tensor): void {
    if (!this.uses.has(tensor)) tensor.dispose();
  }
}

/**
 * Walks the tape backwards like tfjs-core's backpropagation, but frees as it goes: once a node's
 * gradient has run, its outputs' gradients and the forward tensors it saved are disposed, since no
 * node still to come needs them. tfjs keeps both until the whole backward pass ends, so its peak
 * holds every activation and every gradient of the network at once.
 */
function backpropagateFreeing(engine: EngineInternals, nodes: readonly TapeNode[], gradients: GradientMap): void {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i] as TapeNode;
    if (!node.gradient) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
    const inputGradients = node.gradient(node.outputs.map((output) => gradients.get(output.id) ?? null));
    for (const [name, input] of Object.entries(node.inputs)) {
      const compute = inputGradients[name];
      if (!compute) throw new Error(`Cannot backprop through input ${name} of ${node.kernelName}.`);
      const dx = engine.tidy(name, compute);
      if (dx.dtype !== 'float32') throw new Error(`Error in gradient for op ${node.kernelName}: the gradient of ${name} is ${dx.dtype}, not float32`);
      if (!tf.util.arraysEqual(dx.shape, input.shape)) {
        throw new Error(`Error in gradient for op ${node.kernelName}: the gradient of ${name} has shape ${dx.shape}, not ${input.shape}`);
      }
      const previous = gradients.get(input.id);
      gradients.set(input.id, previous ? tf.add(previous, dx) : dx);
      if (previous) gradients.disposeUnlessHeld(dx);
    }
    for (const output of node.outputs) gradients.delete(output.id);
    for (const tensor of node.saved ?? []) tensor.dispose();
  }
}

/**
 * tf.variableGrads with the memory of PyTorch's autograd: the same kernels in the same order (so
 * bit-identical gradients), but each activation and each intermediate gradient is released as soon as
 * the backward pass is past the node that needs it. Nested inside another gradient computation it
 * defers to tf.variableGrads, since an outer tape may still need the saved tensors.
 */
export function leanVariableGrads(f: () => tf.Scalar, variables: readonly tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  const engine = tf.engine() as unknown as EngineInternals;
  const trainable = variables.filter((variable) => variable.trainable);
  if (engine.state.gradientDepth > 0 || trainable.length === 0) return tf.variableGrads(f, [...variables]);
  const value = engine.scopedRun(
    () => engine.startTape(),
    () => engine.endTape(),
    () => engine.tidy('forward', f),
  );
  const tape = engine.state.activeTape ?? [];
  engine.state.activeTape = null;
  const disposeSaved = (node: TapeNode) => {
    for (const tensor of node.saved ?? []) tensor.dispose();
  };
  if (!(value instanceof tf.Tensor) || value.rank !== 0) {
    tape.forEach(disposeSaved);
    tf.dispose(value);
    throw new InvalidArgumentError('loss function', `expected it to return a scalar tensor, got ${value instanceof tf.Tensor ? `rank ${value.rank}` : typeof value}`);
  }
  const nodes = nodesFromXsToY(tape, trainable, value);
  const onPath = new Set(nodes.map((node) => node.id));
  for (const node of tape) if (!onPath.has(node.id)) disposeSaved(node);
  const grads = engine.tidy('backward', () => {
    const gradients = new GradientMap();
    gradients.set(value.id, tf.onesLike(value));
    backpropagateFreeing(engine, nodes, gradients);
    const named: tf.NamedTensorMap = {};
    for (const variable of trainable) {
      const gradient = gradients.get(variable.id);
      if (gradient) named[variable.name] = gradient;
    }
    return named;
  });
  if (Object.keys(grads).length === 0) {
    value.dispose();
    throw new InvalidArgumentError('variables', 'none is connected to the loss (are their operations inside the loss function?)');
  }
  return { value, grads };
}

import type * as tf from '@tensorflow/tfjs';

type Shape = (number | null)[];

/** Input and output shapes of one call of a layer. */
export interface LayerCall {
  readonly inputShapes: Shape[];
  readonly outputShapes: Shape[];
}

interface NodeLike {
  inboundLayers: unknown[];
  inputShapes: Shape | Shape[];
  outputShapes: Shape | Shape[];
}

function asShapeList(shapes: Shape | Shape[]): Shape[] {
  return Array.isArray(shapes[0]) || shapes.length === 0 ? (shapes as Shape[]) : [shapes as Shape];
}

/** Keys (`<layer name>_ib-<node index>`) of the nodes that belong to a model's graph. */
export function graphNodes(model: tf.LayersModel): ReadonlySet<string> {
  // A Sequential model assembles its graph lazily; build it as summary() and predict() would.
  const lazy = model as unknown as { built: boolean; build(): void };
  if (model.getClassName() === 'Sequential' && !lazy.built) lazy.build();
  return (model as unknown as { containerNodes?: Set<string> }).containerNodes ?? new Set();
}

/**
 * Every call of a layer within one model's graph (one per inbound node of that graph that has
 * inputs). A model's own creation node, and an InputLayer's, have no inbound layers and are not calls;
 * nodes from other models that share the layer are not this model's calls.
 */
export function layerCalls(layer: tf.layers.Layer, nodesOfModel: ReadonlySet<string>): LayerCall[] {
  const nodes = (layer as unknown as { inboundNodes: NodeLike[] }).inboundNodes ?? [];
  return nodes
    .filter((node, index) => node.inboundLayers.length > 0 && nodesOfModel.has(`${layer.name}_ib-${index}`))
    .map((node) => ({ inputShapes: asShapeList(node.inputShapes), outputShapes: asShapeList(node.outputShapes) }));
}

/** The layer as a nested model, or undefined for a plain layer. */
export function asNestedModel(layer: tf.layers.Layer): tf.LayersModel | undefined {
  const candidate = layer as unknown as { layers?: unknown };
  return Array.isArray(candidate.layers) ? (layer as unknown as tf.LayersModel) : undefined;
}

import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@lowres/core';
import { asNestedModel, graphNodes, type LayerCall, layerCalls } from './layer-calls';

/** Multiply-accumulates of one layer (summed over its calls). */
export interface LayerFlops {
  /** Layer name, prefixed by the names of the nested models that contain it ("sr/conv1"). */
  readonly name: string;
  readonly className: string;
  readonly multiplyAccumulates: number;
  /** Times the layer runs in one forward pass of the model. */
  readonly calls: number;
  /** False for layer types whose work is not counted (see {@link countFlops}). */
  readonly counted: boolean;
}

/** Cost of one forward pass of one example. */
export interface FlopCount {
  /** Multiply-accumulates (MACs) per example. */
  readonly multiplyAccumulates: number;
  /** 2 × multiplyAccumulates: a multiply and an add each. */
  readonly floatingPointOperations: number;
  readonly layers: LayerFlops[];
  /** Class names of layers present in the model whose work is ignored. */
  readonly ignoredClasses: string[];
}

type Shape = (number | null)[];
interface Config {
  kernelSize?: number[];
  filters?: number;
  depthMultiplier?: number;
  units?: number;
  dataFormat?: 'channelsFirst' | 'channelsLast';
}

const product = (values: number[]): number => values.reduce((total, value) => total * value, 1);

function known(shape: Shape | undefined, layer: string): number[] {
  if (!shape) throw new InvalidArgumentError('model', `layer '${layer}' has no recorded shape`);
  const dims = shape.slice(1);
  if (dims.some((d) => d === null)) {
    throw new InvalidArgumentError('model', `layer '${layer}' has unknown dimensions [${shape.join(', ')}]; build the model with a fixed input size to count its FLOPs`);
  }
  return dims as number[];
}

/** Splits a shape without its batch axis into spatial sizes and channel count. */
function spatialAndChannels(shape: number[], config: Config): { spatial: number[]; channels: number } {
  if (config.dataFormat === 'channelsFirst') return { spatial: shape.slice(1), channels: shape[0]! };
  return { spatial: shape.slice(0, -1), channels: shape[shape.length - 1]! };
}

const CONVOLUTIONS = new Set(['Conv1D', 'Conv2D', 'Conv3D']);
const TRANSPOSED = new Set(['Conv2DTranspose', 'Conv3DTranspose']);

/** MACs of one call of a counted layer class; undefined for classes that are not counted. */
function callCost(className: string, config: Config, call: LayerCall, name: string): number | undefined {
  const counted =
    CONVOLUTIONS.has(className) ||
    TRANSPOSED.has(className) ||
    ['DepthwiseConv2D', 'SeparableConv2D', 'Dense'].includes(className);
  if (!counted) return undefined;
  const input = known(call.inputShapes[0], name);
  const output = known(call.outputShapes[0], name);
  if (className === 'Dense') return product(input) * config.units!;
  const kernel = product(config.kernelSize ?? []);
  const inputParts = spatialAndChannels(input, config);
  const outputParts = spatialAndChannels(output, config);
  const outputPositions = product(outputParts.spatial);
  if (CONVOLUTIONS.has(className)) return outputPositions * kernel * inputParts.channels * config.filters!;
  if (TRANSPOSED.has(className)) return product(inputParts.spatial) * kernel * inputParts.channels * config.filters!;
  const depthwise = outputPositions * kernel * inputParts.channels * (config.depthMultiplier ?? 1);
  if (className === 'DepthwiseConv2D') return depthwise;
  return depthwise + outputPositions * inputParts.channels * (config.depthMultiplier ?? 1) * config.filters!;
}

function collect(model: tf.LayersModel, prefix: string, repeat: number, into: LayerFlops[], ignored: Set<string>): void {
  const nodes = graphNodes(model);
  for (const layer of model.layers) {
    const className = layer.getClassName();
    const name = `${prefix}${layer.name}`;
    const calls = layerCalls(layer, nodes);
    const inner = asNestedModel(layer);
    if (inner) {
      collect(inner, `${name}/`, repeat * calls.length, into, ignored);
      continue;
    }
    if (className === 'InputLayer') continue;
    const config = layer.getConfig() as Config;
    let multiplyAccumulates = 0;
    let counted = true;
    for (const call of calls) {
      const cost = callCost(className, config, call, name);
      if (cost === undefined) counted = false;
      else multiplyAccumulates += cost * repeat;
    }
    if (calls.length > 0 && !counted) ignored.add(className);
    into.push({ name, className, multiplyAccumulates, calls: calls.length * repeat, counted });
  }
}

/**
 * Multiply-accumulates per example of one forward pass of a built tf.LayersModel.
 *
 * Counted (MACs per call): Conv1D/2D/3D = output positions · kernel size · input channels ·
 * filters; DepthwiseConv2D = output positions · kernel size · input channels · depth multiplier;
 * SeparableConv2D = that depthwise part + output positions · (input channels · depth multiplier) ·
 * filters; Conv2DTranspose/Conv3DTranspose = input positions · kernel size · input channels ·
 * filters; Dense = (input size / input features) · input features · units. Strides, padding and
 * dilation act through the recorded output shapes. A layer called several times counts each call,
 * and the layers of a nested model count once per call of that model.
 *
 * Ignored (reported in `ignoredClasses`): bias additions, activations, batch normalisation,
 * pooling, element-wise merges (Add, Multiply, Concatenate), up-sampling, reshapes, dropout,
 * recurrent and custom layers.
 */
export function countFlops(model: tf.LayersModel): FlopCount {
  const layers: LayerFlops[] = [];
  const ignored = new Set<string>();
  collect(model, '', 1, layers, ignored);
  const multiplyAccumulates = layers.reduce((sum, layer) => sum + layer.multiplyAccumulates, 0);
  return {
    multiplyAccumulates,
    floatingPointOperations: 2 * multiplyAccumulates,
    layers,
    ignoredClasses: [...ignored].sort(),
  };
}

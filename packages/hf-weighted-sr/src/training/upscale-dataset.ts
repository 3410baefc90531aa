import { InvalidArgumentError, ShapeMismatchError, requirePositiveInteger } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';
import { type AxisTile, planAxis } from './tile-plan';

/** A dataset of NHWC images in plain memory: Uint8Array holds 0…255, Float32Array holds [0,1]. */
export interface ImageArray<T extends Float32Array | Uint8Array = Float32Array | Uint8Array> {
  data: T;
  count: number;
  height: number;
  width: number;
  channels: number;
}

/** Options of {@link upscaleDataset}. */
export interface UpscaleDatasetOptions {
  /**
   * Tile height/width in input pixels (a number, or [height, width]). Default: the model's fixed input
   * size, or the whole image for a model built for any size. A model with a fixed input size only
   * accepts that size.
   */
  tileSize?: number | [number, number];
  /** Input pixels shared by neighbouring tiles; ≥ 2 × the receptive-field radius removes seams. Default 0. */
  overlap?: number;
  /** Tiles per model call. Default 16. */
  batch?: number;
  /**
   * 'float32' returns the model output as is (values may leave [0,1] slightly unless `clip`); 'uint8'
   * returns round(255·clip(x, 0, 1)), the form images are stored in. Default 'float32'.
   */
  output?: 'float32' | 'uint8';
  /** Clip float32 output to [0,1]. Default false. */
  clip?: boolean;
  /** Called after each model call with the number of tiles done and in total. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

interface Job {
  image: number;
  row: AxisTile;
  column: AxisTile;
}

/**
 * Up-scales a whole dataset with a trained SR model (staged training): images are cut into
 * overlapping tiles, run through the model in batches and stitched, each output pixel taken from the
 * tile it lies deepest in. `images` is a float32 tensor in [0,1] or an {@link ImageArray}. Every
 * tensor is disposed before returning.
 */
export async function upscaleDataset(
  model: tf.LayersModel,
  images: tf.Tensor4D | ImageArray,
  options: UpscaleDatasetOptions = {},
): Promise<ImageArray> {
  const source = await toImageArray(images);
  const { count, height, width, channels } = source;
  const inputShape = model.inputs[0]?.shape ?? [];
  if (inputShape.length !== 4 || (typeof inputShape[3] === 'number' && inputShape[3] !== channels)) {
    throw new ShapeMismatchError('images', `[N, h, w, ${inputShape[3]}] (the model's channels)`, [count, height, width, channels]);
  }
  const [tileHeight, tileWidth] = resolveTile(options.tileSize, inputShape, height, width);
  const overlap = options.overlap ?? 0;
  const batch = options.batch ?? 16;
  requirePositiveInteger('batch', batch);
  const output = options.output ?? 'float32';
  if (output !== 'float32' && output !== 'uint8') {
    throw new InvalidArgumentError('output', `expected 'float32' or 'uint8', got ${String(output)}`);
  }
  const rows = planAxis(height, tileHeight, overlap);
  const columns = planAxis(width, tileWidth, overlap);
  const jobs: Job[] = [];
  for (let image = 0; image < count; image++) {
    for (const row of rows) for (const column of columns) jobs.push({ image, row, column });
  }

  let scale = 0;
  let result: ImageArray | undefined;
  const tileValues = tileHeight * tileWidth * channels;
  const tiles = new Float32Array(batch * tileValues);
  const sourceScale = source.data instanceof Uint8Array ? 1 / 255 : 1;
  for (let first = 0; first < jobs.length; first += batch) {
    const group = jobs.slice(first, first + batch);
    group.forEach((job, slot) => {
      copyTile(source, job, tileHeight, tileWidth, tiles.subarray(slot * tileValues, (slot + 1) * tileValues), sourceScale);
    });
    const predicted = tf.tidy(() => {
      const input = tf.tensor4d(tiles.subarray(0, group.length * tileValues), [group.length, tileHeight, tileWidth, channels]);
      return model.predict(input) as tf.Tensor;
    });
    let values: Float32Array;
    try {
      if (scale === 0) scale = checkScale(predicted.shape, group.length, tileHeight, tileWidth, channels);
      values = (await predicted.data()) as Float32Array;
    } finally {
      predicted.dispose();
    }
    result ??= {
      data: output === 'uint8' ? new Uint8Array(count * height * scale * width * scale * channels) : new Float32Array(count * height * scale * width * scale * channels),
      count,
      height: height * scale,
      width: width * scale,
      channels,
    };
    const target = result;
    group.forEach((job, slot) => {
      pasteTile(values, slot, job, tileHeight * scale, tileWidth * scale, scale, target, options.clip ?? false);
    });
    await options.onProgress?.(first + group.length, jobs.length);
  }
  if (result === undefined) throw new ShapeMismatchError('images', 'at least one image', [count, height, width, channels]);
  return result;
}

async function toImageArray(images: tf.Tensor4D | ImageArray): Promise<ImageArray> {
  if (images instanceof tf.Tensor) {
    if (images.rank !== 4) throw new ShapeMismatchError('images', '[N,h,w,c]', images.shape);
    if (images.dtype !== 'float32') {
      // An int32 tensor may hold 0…255 or [0,1] values; guessing would silently mis-scale one of them.
      throw new InvalidArgumentError('images', `expected a float32 tensor in [0,1] (or an ImageArray with Uint8Array data for 0…255), got ${images.dtype}`);
    }
    const [count, height, width, channels] = images.shape;
    return { data: (await images.data()) as Float32Array, count, height, width, channels };
  }
  const { data, count, height, width, channels } = images ?? ({} as ImageArray);
  if (!(data instanceof Float32Array || data instanceof Uint8Array)) {
    throw new InvalidArgumentError('images.data', 'expected a Float32Array ([0,1]) or Uint8Array (0…255)');
  }
  for (const [key, value] of Object.entries({ count, height, width, channels })) {
    requirePositiveInteger(`images.${key}`, value);
  }
  if (data.length !== count * height * width * channels) {
    throw new ShapeMismatchError('images.data', `${count * height * width * channels} values (count·height·width·channels)`, [data.length]);
  }
  return images;
}

function resolveTile(tileSize: UpscaleDatasetOptions['tileSize'], inputShape: tf.Shape, height: number, width: number): [number, number] {
  const fixed = [inputShape[1], inputShape[2]];
  const requested = tileSize === undefined ? undefined : typeof tileSize === 'number' ? [tileSize, tileSize] : tileSize;
  return [height, width].map((length, axis) => {
    const modelSize = fixed[axis];
    const wanted = requested?.[axis];
    if (typeof modelSize === 'number') {
      if (wanted !== undefined && wanted !== modelSize) {
        throw new InvalidArgumentError('tileSize', `the model only accepts ${fixed.join('×')} inputs, got ${wanted}`);
      }
      if (modelSize > length) {
        throw new ShapeMismatchError('images', `at least ${fixed.join('×')} pixels (the model's input size)`, [height, width]);
      }
      return modelSize;
    }
    return Math.min(wanted ?? length, length);
  }) as [number, number];
}

function checkScale(shape: number[], tiles: number, tileHeight: number, tileWidth: number, channels: number): number {
  const scale = (shape[1] ?? 0) / tileHeight;
  const valid = shape.length === 4 && shape[0] === tiles && Number.isInteger(scale) && scale > 0;
  if (!valid || shape[2] !== tileWidth * scale || shape[3] !== channels) {
    throw new ShapeMismatchError('model output', `[${tiles}, ${tileHeight}·s, ${tileWidth}·s, ${channels}] for an integer s`, shape);
  }
  return scale;
}

function copyTile(source: ImageArray, job: Job, tileHeight: number, tileWidth: number, into: Float32Array, factor: number): void {
  const { data, height, width, channels } = source;
  const rowLength = tileWidth * channels;
  for (let y = 0; y < tileHeight; y++) {
    const from = ((job.image * height + job.row.start + y) * width + job.column.start) * channels;
    const row = data.subarray(from, from + rowLength);
    const to = y * rowLength;
    if (factor === 1) into.set(row, to);
    else for (let index = 0; index < rowLength; index++) into[to + index] = row[index]! * factor;
  }
}

function pasteTile(values: Float32Array, slot: number, job: Job, outTileHeight: number, outTileWidth: number, scale: number, target: ImageArray, clip: boolean): void {
  const { data, height, width, channels } = target;
  const tileOffset = slot * outTileHeight * outTileWidth * channels;
  const x0 = job.column.ownStart * scale;
  const x1 = job.column.ownEnd * scale;
  const rowLength = (x1 - x0) * channels;
  const tileX = x0 - job.column.start * scale;
  for (let y = job.row.ownStart * scale; y < job.row.ownEnd * scale; y++) {
    const tileY = y - job.row.start * scale;
    const from = tileOffset + (tileY * outTileWidth + tileX) * channels;
    const to = ((job.image * height + y) * width + x0) * channels;
    if (data instanceof Uint8Array) {
      for (let index = 0; index < rowLength; index++) {
        data[to + index] = Math.round(Math.min(1, Math.max(0, values[from + index]!)) * 255);
      }
    } else if (clip) {
      for (let index = 0; index < rowLength; index++) data[to + index] = Math.min(1, Math.max(0, values[from + index]!));
    } else {
      data.set(values.subarray(from, from + rowLength), to);
    }
  }
}

import { DatasetFormatError, type ImageShape, requirePositiveInteger } from '@lowres/core';
import type { ImageDataset } from '@lowres/datasets';

/** A dataset after validation, with channels and classes resolved. */
export interface CheckedDataset extends ImageDataset {
  readonly channels: number;
  readonly classes: number;
  readonly shape: ImageShape;
}

/** Validates a dataset's sizes and labels; `what` names it in errors. */
export function checkDataset(dataset: ImageDataset, what: string): CheckedDataset {
  const { count, height, width, images, labels } = dataset;
  for (const [key, value] of [['count', count], ['height', height], ['width', width]] as const) {
    requirePositiveInteger(`${what}.${key}`, value);
  }
  const pixelsPerChannel = count * height * width;
  const channels = dataset.channels ?? images.length / pixelsPerChannel;
  if (!Number.isInteger(channels) || channels <= 0 || images.length !== pixelsPerChannel * channels) {
    throw new DatasetFormatError(
      what,
      `images has ${images.length} values, not count×height×width×channels = ${count}×${height}×${width}×${dataset.channels ?? '?'}`,
    );
  }
  if (labels.length !== count) {
    throw new DatasetFormatError(what, `labels has ${labels.length} entries for ${count} images`);
  }
  let maximum = -1;
  for (let i = 0; i < count; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0) throw new DatasetFormatError(what, `label ${i} is ${label}, not a class index`);
    if (label > maximum) maximum = label;
  }
  const classes = dataset.classes ?? maximum + 1;
  if (maximum >= classes) throw new DatasetFormatError(what, `label ${maximum} is out of range for ${classes} classes`);
  return { ...dataset, channels, classes, shape: { height, width, channels } };
}

/** Copies the images at `indices` into one float32 NHWC buffer scaled to [0, 1]. */
export function gatherPixels(dataset: CheckedDataset, indices: ArrayLike<number>): Float32Array {
  const size = dataset.height * dataset.width * dataset.channels;
  const out = new Float32Array(indices.length * size);
  const scale = dataset.images instanceof Uint8Array ? 1 / 255 : 1;
  for (let i = 0; i < indices.length; i++) {
    const start = indices[i]! * size;
    const source = dataset.images.subarray(start, start + size);
    if (scale === 1) out.set(source, i * size);
    else for (let k = 0; k < size; k++) out[i * size + k] = source[k]! * scale;
  }
  return out;
}

/** Copies the labels at `indices`. */
export function gatherLabels(dataset: CheckedDataset, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = dataset.labels[indices[i]!]!;
  return out;
}

/** Copies the images at `indices` in their stored form (bytes stay bytes, so large sets stay compact). */
export function gatherImages(dataset: CheckedDataset, indices: ArrayLike<number>): Uint8Array | Float32Array {
  const size = dataset.height * dataset.width * dataset.channels;
  const out = dataset.images instanceof Uint8Array ? new Uint8Array(indices.length * size) : new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const start = indices[i]! * size;
    out.set(dataset.images.subarray(start, start + size), i * size);
  }
  return out;
}

/** A new dataset holding the images at `indices`, in that order and in the same pixel type. */
export function subsetDataset(dataset: CheckedDataset, indices: ArrayLike<number>): CheckedDataset {
  return {
    ...dataset,
    images: gatherImages(dataset, indices),
    labels: gatherLabels(dataset, indices),
    count: indices.length,
  };
}

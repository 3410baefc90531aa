import { degrade } from '@lowres/datasets';
import * as tf from '@tensorflow/tfjs';
import type { LowResolutionConfig } from '../config/train-config';
import { ConfigInvalidError } from '../errors';
import type { CheckedDataset } from './image-dataset';

/** Height and width of the low-resolution images before any `restore` (MATLAB imresize: ceil(n / factor)). */
export function lowResolutionSize(protocol: LowResolutionConfig, height: number, width: number): [number, number] {
  const size: [number, number] = protocol.size
    ? [protocol.size[0], protocol.size[1]]
    : [Math.ceil(height / protocol.factor!), Math.ceil(width / protocol.factor!)];
  if (size[0] >= height && size[1] >= width) {
    throw new ConfigInvalidError(protocol.size ? 'lowResolution.size' : 'lowResolution.factor', `${size[0]}×${size[1]} is not smaller than the ${height}×${width} images`);
  }
  if (size[0] > height || size[1] > width) {
    throw new ConfigInvalidError('lowResolution.size', `${size[0]}×${size[1]} is larger than the ${height}×${width} images in one dimension`);
  }
  return size;
}

/**
 * The low-resolution version of a dataset: every image bicubic-down-scaled (MATLAB imresize via
 * @lowres/datasets' `degrade`) and optionally resized back up. Byte images stay bytes (MATLAB uint8
 * rounding and clipping), float images stay float in [0, 1]. Labels and class names are kept.
 */
export function degradeDataset(dataset: CheckedDataset, protocol: LowResolutionConfig, batchSize = 256): CheckedDataset {
  const { height, width, channels, count } = dataset;
  const [lowHeight, lowWidth] = lowResolutionSize(protocol, height, width);
  const restore = protocol.restore === true ? [height, width] : protocol.restore === false ? null : protocol.restore;
  const [outHeight, outWidth] = restore ? [restore[0]!, restore[1]!] : [lowHeight, lowWidth];
  const bytes = dataset.images instanceof Uint8Array;
  const inSize = height * width * channels;
  const outSize = outHeight * outWidth * channels;
  const images = bytes ? new Uint8Array(count * outSize) : new Float32Array(count * outSize);
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const values = tf.tidy(() => {
      const slice = dataset.images.subarray(start * inSize, (start + size) * inSize);
      const batch = bytes ? tf.tensor4d(Int32Array.from(slice), [size, height, width, channels], 'int32') : tf.tensor4d(slice, [size, height, width, channels]);
      const how = protocol.factor !== undefined ? { scale: protocol.factor } : { size: [lowHeight, lowWidth] as const };
      const low = degrade(batch, { ...how, ...(restore ? { restore: [restore[0]!, restore[1]!] as const } : {}) });
      return low.dataSync();
    });
    images.set(values, start * outSize);
  }
  return { ...dataset, images, height: outHeight, width: outWidth, shape: { height: outHeight, width: outWidth, channels } };
}

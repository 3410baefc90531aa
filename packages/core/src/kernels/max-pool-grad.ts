import * as tf from '@tensorflow/tfjs';

/** Attributes of the MaxPoolGrad kernel. */
interface MaxPoolGradAttributes {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * MaxPoolGrad (NHWC) by one pass over the pooling windows: each window's gradient goes to its
 * first maximum in row-major order — the cpu reference's rule, ties included. Replaces wasm's own
 * kernel, which loses gradient (tfjs-backend-wasm 4.22: a 2×2/2 pool on a 5×5 input returns three
 * ones where four are due).
 */
export const maxPoolGradKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const store = backend as tf.KernelBackend;
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttributes;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight, effectiveFilterWidth, padInfo } = info;
  const x = store.readSync(input.dataId) as Float32Array;
  const gradient = store.readSync(dy.dataId) as Float32Array;
  const dx = new Float32Array(x.length);
  const rowStride = inWidth * inChannels;
  for (let b = 0; b < batchSize; b++) {
    const imageOffset = b * inHeight * rowStride;
    for (let outRow = 0; outRow < outHeight; outRow++) {
      const rowStart = outRow * strideHeight - padInfo.top;
      const rowFrom = Math.max(0, rowStart);
      const rowTo = Math.min(inHeight, rowStart + effectiveFilterHeight);
      for (let outColumn = 0; outColumn < outWidth; outColumn++) {
        const columnStart = outColumn * strideWidth - padInfo.left;
        const columnFrom = Math.max(0, columnStart);
        const columnTo = Math.min(inWidth, columnStart + effectiveFilterWidth);
        const dyOffset = ((b * outHeight + outRow) * outWidth + outColumn) * inChannels;
        for (let channel = 0; channel < inChannels; channel++) {
          let best = Number.NEGATIVE_INFINITY;
          let bestIndex = -1;
          for (let row = rowFrom; row < rowTo; row++) {
            let index = imageOffset + row * rowStride + columnFrom * inChannels + channel;
            for (let column = columnFrom; column < columnTo; column++, index += inChannels) {
              const value = x[index] as number;
              if (value > best) {
                best = value;
                bestIndex = index;
              }
            }
          }
          if (bestIndex >= 0) dx[bestIndex] = (dx[bestIndex] as number) + (gradient[dyOffset + channel] as number);
        }
      }
    }
  }
  return { dataId: store.write(dx, input.shape, 'float32'), shape: input.shape, dtype: 'float32' };
};

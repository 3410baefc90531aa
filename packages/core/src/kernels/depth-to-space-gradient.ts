import * as tf from '@tensorflow/tfjs';

/**
 * Gradient of DepthToSpace (NHWC), which tfjs-core does not register: the inverse rearrangement,
 * space-to-depth. Forward: out[n, h·b+i, w·b+j, c] = x[n, h, w, (i·b+j)·C + c].
 */
export const depthToSpaceGradient: tf.GradConfig = {
  kernelName: 'DepthToSpace',
  gradFunc: (dy, _saved, attributes) => {
    const { blockSize, dataFormat } = attributes as unknown as { blockSize: number; dataFormat: string };
    if (dataFormat !== 'NHWC') {
      throw new Error(`DepthToSpace gradient supports dataFormat NHWC only, got ${dataFormat}`);
    }
    const gradient = dy as tf.Tensor4D;
    return {
      x: () => {
        const [batch, height, width, channels] = gradient.shape;
        const outHeight = height / blockSize;
        const outWidth = width / blockSize;
        return tf.tidy(() =>
          gradient
            .reshape([batch, outHeight, blockSize, outWidth, blockSize, channels])
            .transpose([0, 1, 3, 2, 4, 5])
            .reshape([batch, outHeight, outWidth, blockSize * blockSize * channels]),
        );
      },
    };
  },
};

import type * as tf from '@tensorflow/tfjs';

/**
 * The cpu backend's ResizeBilinearGrad with its output shape corrected: tfjs-backend-cpu 4.22
 * fills the gradient in the images' [batch, height, width, depth] layout but labels it
 * [batch, width, height, depth], so every non-square bilinear up-sampling fails in backprop.
 */
export function resizeBilinearGradWithShape(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const out = original(args) as tf.TensorInfo;
    const images = args.inputs.images as tf.TensorInfo;
    return { dataId: out.dataId, shape: [...images.shape], dtype: out.dtype };
  };
}

/**
 * The cpu backend's ResizeNearestNeighborGrad run one image at a time: tfjs-backend-cpu 4.22
 * offsets dy by the images' batch stride, so every image after the first gets another image's
 * gradient. With one image per call that offset is zero.
 */
export function resizeNearestNeighborGradPerImage(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const backend = args.backend as tf.KernelBackend;
    const images = inputs.images as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const [batch, ...imageShape] = images.shape as [number, number, number, number];
    if (batch <= 1) return original(args);
    const [, ...dyShape] = dy.shape as [number, number, number, number];
    const dyImageSize = dyShape.reduce((a, b) => a * b, 1);
    const imageSize = imageShape.reduce((a, b) => a * b, 1);
    const dyValues = backend.readSync(dy.dataId) as Float32Array;
    const output = new Float32Array(batch * imageSize);
    for (let b = 0; b < batch; b++) {
      const dyImage = {
        dataId: backend.write(dyValues.slice(b * dyImageSize, (b + 1) * dyImageSize), [1, ...dyShape], dy.dtype),
        shape: [1, ...dyShape],
        dtype: dy.dtype,
      };
      // The kernel reads only the images' shape, never their values.
      const oneImage = { dataId: images.dataId, shape: [1, ...imageShape], dtype: images.dtype };
      const out = original({ inputs: { images: oneImage, dy: dyImage }, backend, attrs }) as tf.TensorInfo;
      output.set(backend.readSync(out.dataId) as Float32Array, b * imageSize);
      backend.disposeData(out.dataId);
      backend.disposeData(dyImage.dataId);
    }
    return { dataId: backend.write(output, [...images.shape], 'float32'), shape: [...images.shape], dtype: 'float32' };
  };
}

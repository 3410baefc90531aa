import * as tf from '@tensorflow/tfjs';
import { ShapeMismatchError } from '@lowres/core';
import { bagnetParts } from './model-parts';

/**
 * Per-patch class evidence of a BagNet: its Dense class layer applied at every position of the
 * last feature map, giving logits [N, h, w, classes] whose spatial mean equals the model's logits.
 * Synchronous and differentiable (inference-mode batch norm).
 */
export function classEvidence(model: tf.LayersModel, images: tf.Tensor4D): tf.Tensor4D {
  const { features, classifier } = bagnetParts(model);
  const expected = model.inputs[0]!.shape.slice(1) as number[];
  const actual = images.shape.slice(1);
  if (images.rank !== 4 || actual.some((size, i) => size !== expected[i])) {
    throw new ShapeMismatchError('images', `[N, ${expected.join(', ')}]`, images.shape);
  }
  const [kernel, bias] = classifier.weights.map((weight) => weight.read());
  return tf.tidy(() => {
    const map = features.apply(images, { training: false }) as tf.Tensor4D;
    const [n, h, w, c] = map.shape;
    let logits = tf.matMul(tf.reshape(map, [n * h * w, c]), kernel!);
    if (bias) logits = tf.add(logits, bias);
    return tf.reshape(logits, [n, h, w, kernel!.shape[1]!]) as tf.Tensor4D;
  });
}

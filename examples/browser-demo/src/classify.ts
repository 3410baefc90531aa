import { classEvidence, evidenceOverlay, isBagnet, type RgbaPicture } from '@lowres/bagnet';
import { ShapeMismatchError } from '@lowres/core';
import type { ExportedPipeline } from '@lowres/trainer';
import * as tf from '@tensorflow/tfjs';

/** One image as float pixels in [0, 1], NHWC without the batch axis. */
export interface FloatImage {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly pixels: Float32Array;
}

/** What the pipeline made of one image. */
export interface Classification {
  /** Class probabilities, in the manifest's class order. */
  readonly probabilities: number[];
  readonly predicted: number;
  /** The SR front end's output (what the classifier saw). */
  readonly sr: FloatImage;
  /** BagNet back ends: the predicted class's evidence over the SR image. */
  readonly evidence?: RgbaPicture;
  /** Wall time of the forward pass (SR + classifier + reading the results back). */
  readonly milliseconds: number;
}

/** Runs an exported pipeline on one image; leaves no tensor behind. */
export async function classify(pipeline: ExportedPipeline, image: FloatImage): Promise<Classification> {
  const { input } = pipeline.manifest;
  if (image.height !== input.height || image.width !== input.width || image.channels !== input.channels) {
    throw new ShapeMismatchError('image', `[${input.height}, ${input.width}, ${input.channels}]`, [image.height, image.width, image.channels]);
  }
  const started = performance.now();
  const batch = tf.tensor4d(image.pixels, [1, image.height, image.width, image.channels]);
  const upscaled = pipeline.srModel.predict(batch) as tf.Tensor4D;
  const scores = pipeline.classifierModel.predict(upscaled) as tf.Tensor2D;
  const [probabilities, srPixels] = await Promise.all([scores.data(), upscaled.data()]);
  const milliseconds = performance.now() - started;
  const values = Array.from(probabilities);
  const predicted = values.indexOf(Math.max(...values));
  let evidence: RgbaPicture | undefined;
  if (isBagnet(pipeline.classifierModel)) {
    const map = classEvidence(pipeline.classifierModel, upscaled);
    const clipped = tf.clipByValue(upscaled, 0, 1);
    evidence = evidenceOverlay(clipped as tf.Tensor4D, map, { classIndex: predicted, opacity: 0.6 });
    tf.dispose([map, clipped]);
  }
  tf.dispose([batch, upscaled, scores]);
  const [, height, width, channels] = pipeline.srModel.outputs[0]!.shape as number[];
  return {
    probabilities: values,
    predicted,
    sr: { height: height!, width: width!, channels: channels!, pixels: Float32Array.from(srPixels) },
    ...(evidence ? { evidence } : {}),
    milliseconds,
  };
}

import { type ClassifierBackEnd, type ImageShape, InvalidArgumentError, ShapeMismatchError, type SrFrontEnd, requirePositiveInteger } from '@lowres/core';
import * as tf from '@tensorflow/tfjs';

/** Inputs of {@link composePipeline}. */
export interface ComposePipelineOptions {
  sr: SrFrontEnd;
  classifier: ClassifierBackEnd;
  /** Shape of one low-resolution input image. */
  input: ImageShape;
  classes: number;
}

/** A composed model (input → SR → classifier) plus handles to both parts. */
export interface Pipeline {
  /** The whole functional model; its layers are the SR model and the classifier model. */
  readonly model: tf.LayersModel;
  /** The SR part, shared with `model` (same variables). */
  readonly srModel: tf.LayersModel;
  /** The classifier part, shared with `model` (same variables). */
  readonly classifierModel: tf.LayersModel;
  readonly sr: SrFrontEnd;
  readonly classifier: ClassifierBackEnd;
  readonly input: ImageShape;
  /** Shape of the images the classifier sees (the SR output). */
  readonly classifierInput: ImageShape;
  readonly classes: number;
}

function checkShape(input: ImageShape): void {
  for (const key of ['height', 'width', 'channels'] as const) {
    requirePositiveInteger(`input.${key}`, input[key]);
  }
}

/** Builds the SR and classifier parts and joins them into one functional tf.LayersModel. */
export function composePipeline(options: ComposePipelineOptions): Pipeline {
  const { sr, classifier, input, classes } = options;
  checkShape(input);
  if (!Number.isInteger(classes) || classes < 2) {
    throw new InvalidArgumentError('classes', `expected an integer ≥ 2, got ${classes}`);
  }
  const classifierInput: ImageShape = {
    height: input.height * sr.scale,
    width: input.width * sr.scale,
    channels: input.channels,
  };
  const minimum = classifier.minimumInput;
  if (minimum && (classifierInput.height < minimum.height || classifierInput.width < minimum.width)) {
    throw new InvalidArgumentError(
      'input',
      `classifier '${classifier.name}' needs at least ${minimum.height}×${minimum.width} after SR, got ${classifierInput.height}×${classifierInput.width}`,
    );
  }
  const srModel = sr.build(input);
  const srShape = srModel.outputs[0]?.shape ?? [];
  const expected = [classifierInput.height, classifierInput.width, classifierInput.channels];
  if (srShape.length !== 4 || expected.some((size, axis) => srShape[axis + 1] !== size)) {
    throw new ShapeMismatchError(
      `SR front end '${sr.name}' output`,
      `[N, ${expected.join(', ')}]`,
      srShape.map((size) => size ?? -1),
    );
  }
  const classifierModel = classifier.build(classifierInput, classes);
  const outShape = classifierModel.outputs[0]?.shape ?? [];
  if (outShape.length !== 2 || outShape[1] !== classes) {
    throw new ShapeMismatchError(`classifier '${classifier.name}' output`, `[N, ${classes}]`, outShape.map((size) => size ?? -1));
  }
  const image = tf.input({ shape: [input.height, input.width, input.channels], name: 'pipeline_input' });
  const upscaled = srModel.apply(image) as tf.SymbolicTensor;
  const probabilities = classifierModel.apply(upscaled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: image, outputs: probabilities, name: `${sr.name}_${classifier.name}` });
  return { model, srModel, classifierModel, sr, classifier, input, classifierInput, classes };
}

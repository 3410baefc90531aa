import { type ImageShape, InvalidArgumentError, requirePositiveInteger } from '@lowres/core';

/** Activation of the final dense layer: class probabilities ('softmax') or raw logits ('linear'). */
export type ClassesActivation = 'softmax' | 'linear';

/** Options every back end in this package accepts. */
export interface BackboneOptions {
  /** 'softmax' (default) outputs class probabilities; 'linear' outputs logits. */
  classesActivation?: ClassesActivation;
}

/** Smallest accepted input height and width of a back end. */
export interface MinimumInput {
  height: number;
  width: number;
}

/** Returns the validated output activation (default 'softmax'). */
export function resolveClassesActivation(value: ClassesActivation | undefined): ClassesActivation {
  if (value === undefined) return 'softmax';
  if (value !== 'softmax' && value !== 'linear') {
    throw new InvalidArgumentError('classesActivation', `expected 'softmax' or 'linear', got ${String(value)}`);
  }
  return value;
}

/** Throws unless `value` is an integer in [minimum, ∞). */
export function requireInteger(argument: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new InvalidArgumentError(argument, `expected an integer ≥ ${minimum}, got ${value}`);
  }
  return value;
}

/** Throws unless `value` is a finite number in [0, 1). */
export function requireRate(argument: string, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value >= 1) {
    throw new InvalidArgumentError(argument, `expected a rate in [0, 1), got ${value}`);
  }
  return value;
}

/**
 * Validates the arguments of `ClassifierBackEnd.build`: positive integer sizes, at least the
 * architecture's minimum input, and a positive integer class count.
 */
export function validateBuildArguments(
  backEnd: string,
  input: ImageShape,
  classes: number,
  minimum: MinimumInput,
  hint = '',
): void {
  for (const key of ['height', 'width', 'channels'] as const) {
    requirePositiveInteger(`input.${key}`, input?.[key]);
  }
  if (input.height < minimum.height || input.width < minimum.width) {
    throw new InvalidArgumentError(
      'input',
      `${backEnd} needs inputs of at least ${minimum.height}×${minimum.width}, got ${input.height}×${input.width}` +
        (hint ? ` (${hint})` : ''),
    );
  }
  requireInteger('classes', classes, 1);
}

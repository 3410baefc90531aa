import { describe, expect, it } from 'vitest';
import { DatasetFormatError, InvalidArgumentError, LowresError, ShapeMismatchError } from './errors';
import { CheckpointCorruptError, TrainingDivergedError, TrainingInterruptedError } from './training-errors';

class ThirdPartyError extends LowresError {
  static override readonly marker: symbol = Symbol.for('third-party/error/ThirdPartyError');
  constructor() {
    super('INVALID_ARGUMENT', 'third party');
  }
}

describe('LowresError.isInstance', () => {
  it('recognises a class, its subclasses and nothing else', () => {
    const error = new InvalidArgumentError('size', 'expected a positive integer');
    expect(LowresError.isInstance(error)).toBe(true);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(ShapeMismatchError.isInstance(error)).toBe(false);
    expect(DatasetFormatError.isInstance(error)).toBe(false);
    expect(InvalidArgumentError.isInstance(new LowresError('INVALID_ARGUMENT', 'base'))).toBe(false);
    for (const value of [new Error('plain'), { code: 'INVALID_ARGUMENT' }, null, undefined, 'INVALID_ARGUMENT', 3]) {
      expect(LowresError.isInstance(value)).toBe(false);
    }
  });

  it('keeps code, name and message, and the marker out of enumerable fields', () => {
    const error = new ShapeMismatchError('image', '[h,w,c]', [2, 2]);
    expect(error).toMatchObject({ code: 'SHAPE_MISMATCH', name: 'ShapeMismatchError', expected: '[h,w,c]', actual: [2, 2] });
    const markers = Object.getOwnPropertySymbols(error);
    expect(markers.map((marker) => marker.description)).toEqual(['@lowres/core/error/ShapeMismatchError', '@lowres/core/error/LowresError']);
    expect(markers.every((marker) => Object.getOwnPropertyDescriptor(error, marker)?.enumerable === false)).toBe(true);
    expect({ ...error }).toEqual({ code: 'SHAPE_MISMATCH', name: 'ShapeMismatchError', expected: '[h,w,c]', actual: [2, 2] });
  });

  it('recognises errors made by a second copy of the module (as with @lowres/core installed twice)', async () => {
    const secondCopy = './errors?second-copy'; // a distinct module instance, as a second install would be
    const copy = (await import(secondCopy)) as typeof import('./errors');
    expect(copy.InvalidArgumentError).not.toBe(InvalidArgumentError);
    const foreign = new copy.InvalidArgumentError('batch', 'expected a positive integer');
    expect(Object.getPrototypeOf(foreign)).not.toBe(InvalidArgumentError.prototype);
    expect(InvalidArgumentError.isInstance(foreign)).toBe(true);
    expect(LowresError.isInstance(foreign)).toBe(true);
    expect(ShapeMismatchError.isInstance(foreign)).toBe(false);
    expect(copy.LowresError.isInstance(new InvalidArgumentError('x', 'y'))).toBe(true);
    // instanceof (and matchers such as toThrow(Class)) go through the same marker check.
    expect(foreign instanceof InvalidArgumentError).toBe(true);
    expect(foreign instanceof ShapeMismatchError).toBe(false);
    expect(() => {
      throw foreign;
    }).toThrow(InvalidArgumentError);
  });

  it('gives a third-party subclass with its own marker its own isInstance', () => {
    const error = new ThirdPartyError();
    expect(ThirdPartyError.isInstance(error)).toBe(true);
    expect(LowresError.isInstance(error)).toBe(true);
    expect(ThirdPartyError.isInstance(new InvalidArgumentError('a', 'b'))).toBe(false);
  });

  it('holds the shared training errors with their codes', () => {
    const diverged = new TrainingDivergedError(7, 'the loss', null);
    const interrupted = new TrainingInterruptedError(3, '/runs/a/checkpoints/3');
    const corrupt = new CheckpointCorruptError('/runs/a/checkpoints/3', 'checksum mismatch');
    expect(TrainingDivergedError.isInstance(diverged)).toBe(true);
    expect(TrainingInterruptedError.isInstance(diverged)).toBe(false);
    expect(diverged).toMatchObject({ code: 'TRAINING_DIVERGED', step: 7, lastGoodCheckpoint: null });
    expect(diverged.message).toBe('Training diverged at step 7: the loss is not finite. No checkpoint was written yet.');
    expect(interrupted).toMatchObject({ code: 'TRAINING_INTERRUPTED', step: 3, checkpoint: '/runs/a/checkpoints/3' });
    expect(CheckpointCorruptError.isInstance(corrupt)).toBe(true);
    expect(corrupt.code).toBe('CHECKPOINT_CORRUPT');
  });
});

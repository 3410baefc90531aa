import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError, requirePositiveInteger } from '@lowres/core';

/** Class scores: probabilities or logits [N, C], as a tensor or nested arrays. */
export type ScoresInput = tf.Tensor | readonly (readonly number[])[];

/**
 * Predicted classes: a score matrix [N, C] (argmax is taken) or class indices [N]
 * (int tensor, plain array or typed array).
 */
export type PredictionsInput = ScoresInput | readonly number[] | Int32Array | Uint8Array;

/** True classes: indices [N] (int tensor, plain or typed array) or one-hot rows [N, C]. */
export type LabelsInput = tf.Tensor | readonly number[] | readonly (readonly number[])[] | Int32Array | Uint8Array;

/** A dense row-major score matrix read off a tensor or nested arrays. */
export interface ScoreMatrix {
  readonly values: Float32Array | Float64Array;
  readonly rows: number;
  readonly columns: number;
}

type Flat = { values: ArrayLike<number>; shape: number[] };

function flatten(input: tf.Tensor | ArrayLike<number> | readonly (readonly number[])[], name: string): Flat {
  if (input instanceof tf.Tensor) {
    if (input.isDisposed) throw new InvalidArgumentError(name, 'tensor has been disposed');
    return { values: input.dataSync() as ArrayLike<number>, shape: input.shape.slice() };
  }
  if (ArrayBuffer.isView(input) || input.length === 0 || typeof input[0] === 'number') {
    return { values: input as ArrayLike<number>, shape: [input.length] };
  }
  const rows = input as readonly (readonly number[])[];
  const columns = rows[0]?.length ?? 0;
  const values = new Float64Array(rows.length * columns);
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== columns) {
      throw new ShapeMismatchError(`${name}[${r}]`, `a row of ${columns} numbers`, [Array.isArray(row) ? row.length : 0]);
    }
    values.set(row, r * columns);
  });
  return { values, shape: [rows.length, columns] };
}

/** Reads a score matrix [N, C]; every score must be finite (NaN/Infinity throw). */
export function readScores(input: ScoresInput, name = 'scores'): ScoreMatrix {
  return scoresFromFlat(flatten(input, name), name);
}

function scoresFromFlat({ values, shape }: Flat, name: string): ScoreMatrix {
  if (shape.length !== 2) throw new ShapeMismatchError(name, '[N, C] (probabilities or logits)', shape);
  const [rows, columns] = shape as [number, number];
  // One column would make argmax always 0: a sigmoid output must be given as [1 − p, p].
  if (columns < 2) throw new ShapeMismatchError(name, '[N, C] with C ≥ 2 (give a sigmoid output p as [1 − p, p])', shape);
  for (let i = 0; i < values.length; i += 1) {
    if (!Number.isFinite(values[i])) {
      throw new InvalidArgumentError(name, `score at row ${Math.floor(i / columns)}, column ${i % columns} is ${values[i]}; scores must be finite`);
    }
  }
  const typed = values instanceof Float32Array || values instanceof Float64Array ? values : Float64Array.from(values);
  return { values: typed, rows, columns };
}

/** Index of the largest score in each row (first index wins ties). */
export function argMaxRows(scores: ScoreMatrix): Int32Array {
  const result = new Int32Array(scores.rows);
  for (let r = 0; r < scores.rows; r += 1) {
    const offset = r * scores.columns;
    let best = 0;
    for (let c = 1; c < scores.columns; c += 1) {
      if (scores.values[offset + c]! > scores.values[offset + best]!) best = c;
    }
    result[r] = best;
  }
  return result;
}

function checkIndices(values: ArrayLike<number>, name: string, classes: number | undefined): Int32Array {
  const result = new Int32Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i]!;
    if (!Number.isInteger(value) || value < 0 || (classes !== undefined && value >= classes)) {
      const range = classes === undefined ? 'a non-negative integer' : `an integer in [0, ${classes - 1}]`;
      throw new InvalidArgumentError(name, `class index at position ${i} is ${value}; expected ${range}`);
    }
    result[i] = value;
  }
  return result;
}

function oneHotToIndices(flat: Flat, name: string, classes: number | undefined): Int32Array {
  const [rows, columns] = flat.shape as [number, number];
  if (columns < 2) throw new ShapeMismatchError(name, '[N] class indices or [N, C ≥ 2] one-hot rows', flat.shape);
  if (classes !== undefined && columns !== classes) {
    throw new ShapeMismatchError(name, `[N, ${classes}] one-hot rows`, flat.shape);
  }
  const result = new Int32Array(rows);
  for (let r = 0; r < rows; r += 1) {
    let hot = -1;
    for (let c = 0; c < columns; c += 1) {
      const value = flat.values[r * columns + c]!;
      if (value === 1 && hot === -1) hot = c;
      else if (value !== 0) {
        throw new InvalidArgumentError(name, `row ${r} is not one-hot (value ${value} at column ${c}); expected exactly one 1 and zeros elsewhere`);
      }
    }
    if (hot === -1) throw new InvalidArgumentError(name, `row ${r} is not one-hot: it has no 1`);
    result[r] = hot;
  }
  return result;
}

/** Reads true labels as class indices, validating them against `classes` when given. */
export function readLabels(input: LabelsInput, name = 'labels', classes?: number): Int32Array {
  return readLabelsWithColumns(input, name, classes).indices;
}

function readLabelsWithColumns(
  input: LabelsInput,
  name: string,
  classes: number | undefined,
): { indices: Int32Array; columns?: number } {
  const flat = flatten(input, name);
  if (flat.shape.length === 1) return { indices: checkIndices(flat.values, name, classes) };
  if (flat.shape.length === 2) return { indices: oneHotToIndices(flat, name, classes), columns: flat.shape[1]! };
  throw new ShapeMismatchError(name, '[N] class indices or [N, C] one-hot rows', flat.shape);
}

/** Predicted class indices plus the class count implied by a score matrix, when there is one. */
export interface ReadPredictions {
  readonly predicted: Int32Array;
  readonly scoreColumns?: number;
}

/** Reads predictions: argmax of a score matrix, or class indices checked against `classes`. */
export function readPredictions(input: PredictionsInput, name = 'predictions', classes?: number): ReadPredictions {
  const flat = flatten(input, name);
  if (flat.shape.length === 1) return { predicted: checkIndices(flat.values, name, classes) };
  const scores = scoresFromFlat(flat, name);
  if (classes !== undefined && scores.columns !== classes) {
    throw new ShapeMismatchError(name, `[N, ${classes}] scores`, [scores.rows, scores.columns]);
  }
  return { predicted: argMaxRows(scores), scoreColumns: scores.columns };
}

/** Throws unless predictions and labels have the same number of samples. */
export function checkSameLength(predicted: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (predicted.length !== labels.length) {
    throw new InvalidArgumentError('labels', `has ${labels.length} samples but predictions have ${predicted.length}`);
  }
}

/** Predicted and true class indices of the same samples, with the number of classes. */
export interface LabelledPredictions {
  readonly predicted: Int32Array;
  readonly labels: Int32Array;
  readonly classes: number;
}

/**
 * Reads predictions and labels together. The class count is `classes` when given, else the width of
 * the score matrix or one-hot labels, else the largest index seen plus one.
 */
export function readLabelledPredictions(
  predictions: PredictionsInput,
  labels: LabelsInput,
  classes?: number,
): LabelledPredictions {
  if (classes !== undefined) checkClassCount(classes);
  const read = readPredictions(predictions, 'predictions', classes);
  const truth = readLabelsWithColumns(labels, 'labels', classes ?? read.scoreColumns);
  checkSameLength(read.predicted, truth.indices);
  let resolved = classes ?? read.scoreColumns ?? truth.columns;
  if (resolved === undefined) {
    resolved = 1;
    for (const value of read.predicted) resolved = Math.max(resolved, value + 1);
    for (const value of truth.indices) resolved = Math.max(resolved, value + 1);
  } else {
    checkIndices(read.predicted, 'predictions', resolved);
  }
  return { predicted: read.predicted, labels: truth.indices, classes: resolved };
}

/** Throws unless `classes` is a positive integer. */
export function checkClassCount(classes: number, name = 'classes'): void {
  requirePositiveInteger(name, classes);
}

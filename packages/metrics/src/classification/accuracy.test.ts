import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeMismatchError, initBackend } from '@lowres/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accuracy } from './accuracy';
import { topK } from './top-k';

beforeAll(async () => {
  await initBackend('cpu');
});

const scores = [
  [0.1, 0.7, 0.2],
  [0.5, 0.3, 0.2],
  [0.2, 0.3, 0.5],
  [0.4, 0.4, 0.2],
];

describe('accuracy', () => {
  it('takes the argmax of probabilities or logits and compares with index labels', () => {
    expect(accuracy(scores, [1, 0, 0, 1])).toBe(0.5);
    const logits = tf.tensor2d(scores.map((row) => row.map(Math.log)));
    const labels = tf.tensor1d([1, 0, 0, 1], 'int32');
    expect(accuracy(logits, labels)).toBe(0.5);
    tf.dispose([logits, labels]);
  });

  it('breaks ties towards the lower class index', () => {
    expect(accuracy([[0.4, 0.4, 0.2]], [0])).toBe(1);
  });

  it('accepts one-hot labels and predicted indices', () => {
    const oneHot = tf.oneHot(tf.tensor1d([1, 0, 2, 0], 'int32'), 3);
    expect(accuracy(scores, oneHot)).toBe(1);
    expect(accuracy(new Int32Array([2, 0, 2, 0]), [[0, 0, 1], [1, 0, 0], [0, 0, 1], [0, 1, 0]])).toBe(0.75);
    oneHot.dispose();
  });

  it('throws typed errors on mismatched lengths, bad classes and bad scores', () => {
    expect(() => accuracy(scores, [1, 0, 0])).toThrow(InvalidArgumentError);
    expect(() => accuracy(scores, [1, 0, 3, 1])).toThrow(/class index at position 2 is 3/);
    expect(() => accuracy(scores, [1, 0, -1, 1])).toThrow(InvalidArgumentError);
    expect(() => accuracy(scores, [1, 0, 0.5, 1])).toThrow(InvalidArgumentError);
    expect(() => accuracy([[Number.NaN, 1]], [0])).toThrow(/must be finite/);
    expect(() => accuracy(scores, [[0, 1], [1, 0], [1, 0], [0, 1]])).toThrow(ShapeMismatchError);
    expect(() => accuracy([[1, 0]], [[0.5, 0.5]])).toThrow(/not one-hot/);
    expect(() => accuracy([], [])).toThrow(/no samples/);
    expect(() => accuracy([0, 1], [[1], [1]])).toThrow(/C ≥ 2/);
    expect(() => accuracy([[0.3], [0.9]], [0, 1])).toThrow(/1 − p, p/);
    const cube = tf.zeros([2, 2, 2]);
    expect(() => accuracy(cube, [0, 1])).toThrow(ShapeMismatchError);
    cube.dispose();
  });
});

describe('topK', () => {
  it('counts a hit when the label is among the k best scores', () => {
    // ranks of labels [2, 2, 1, 2]: row0 → 1, row1 → 2, row2 → 1, row3 → 2
    expect(topK(scores, [2, 2, 1, 2], 1)).toBe(0);
    expect(topK(scores, [2, 2, 1, 2], 2)).toBe(0.5);
    expect(topK(scores, [2, 2, 1, 2], 3)).toBe(1);
  });

  it('equals accuracy for k = 1, ties included, on random scores', () => {
    const values = Array.from({ length: 200 }, (_, i) => [(i * 7) % 5, (i * 3) % 5, (i * 11) % 5, i % 5]);
    const labels = values.map((_, i) => (i * 13) % 4);
    expect(topK(values, labels, 1)).toBe(accuracy(values, labels));
  });

  it('agrees with a sort-based reference', () => {
    const rows = Array.from({ length: 50 }, (_, i) => Array.from({ length: 10 }, (_, c) => Math.sin(i * 10 + c * 3.7)));
    const labels = rows.map((_, i) => (i * 7) % 10);
    for (const k of [1, 3, 5, 10]) {
      let hits = 0;
      rows.forEach((row, r) => {
        const order = row.map((value, c) => ({ value, c })).sort((a, b) => b.value - a.value);
        if (order.slice(0, k).some((entry) => entry.c === labels[r])) hits += 1;
      });
      expect(topK(rows, labels, k)).toBe(hits / rows.length);
    }
  });

  it('rejects k outside [1, C]', () => {
    expect(() => topK(scores, [0, 0, 0, 0], 4)).toThrow(InvalidArgumentError);
    expect(() => topK(scores, [0, 0, 0, 0], 0)).toThrow(/k: must be an integer/);
  });
});

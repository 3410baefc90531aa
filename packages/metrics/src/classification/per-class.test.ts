import { InvalidArgumentError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { confusionMatrix } from './confusion-matrix';
import { classificationReport, perClassAccuracy, precisionRecallF1 } from './per-class';
import { summarizeConfusionMatrix } from './summary';

// true:      0 0 0 1 1 3 3 3 3
// predicted: 0 1 0 1 0 3 3 1 3
const labels = [0, 0, 0, 1, 1, 3, 3, 3, 3];
const predicted = [0, 1, 0, 1, 0, 3, 3, 1, 3];

describe('confusionMatrix', () => {
  it('counts [true][predicted] pairs', () => {
    expect(confusionMatrix(predicted, labels, { classes: 4 })).toEqual([
      [2, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 0, 0],
      [0, 1, 0, 3],
    ]);
  });

  it('infers the class count from the largest index without options', () => {
    expect(confusionMatrix([1], [0])).toEqual([
      [0, 1],
      [0, 0],
    ]);
  });

  it('rejects indices beyond the declared class count', () => {
    expect(() => confusionMatrix(predicted, labels, { classes: 3 })).toThrow(InvalidArgumentError);
    expect(() => confusionMatrix([0], [0], { classes: 0 })).toThrow(/classes: expected a positive integer/);
  });
});

describe('perClassAccuracy', () => {
  it('averages per-class accuracy over classes with samples and reports skipped ones', () => {
    const result = perClassAccuracy(predicted, labels, { classes: 4 });
    expect(result.perClass).toEqual([2 / 3, 1 / 2, null, 3 / 4]);
    expect(result.skippedClasses).toEqual([2]);
    expect(result.mean).toBeCloseTo((2 / 3 + 1 / 2 + 3 / 4) / 3, 12);
  });
});

describe('precisionRecallF1', () => {
  it('matches hand-computed values', () => {
    const { perClass, macro } = precisionRecallF1(predicted, labels, { classes: 4 });
    // class 0: tp 2, fp 1, fn 1; class 1: tp 1, fp 2, fn 1; class 2: nothing; class 3: tp 3, fp 0, fn 1
    expect(perClass[0]).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 4 / 6, support: 3 });
    expect(perClass[1]).toEqual({ precision: 1 / 3, recall: 1 / 2, f1: 2 / 5, support: 2 });
    expect(perClass[2]).toEqual({ precision: null, recall: null, f1: null, support: 0 });
    expect(perClass[3]).toEqual({ precision: 1, recall: 3 / 4, f1: 6 / 7, support: 4 });
    expect(macro.precision).toBeCloseTo((2 / 3 + 1 / 3 + 1) / 3, 12);
    expect(macro.f1).toBeCloseTo((4 / 6 + 2 / 5 + 6 / 7) / 3, 12);
  });

  it('gives F1 = 2PR/(P+R) wherever both are defined and positive', () => {
    const n = 300;
    const truth = Array.from({ length: n }, (_, i) => (i * 7919) % 6);
    const guess = truth.map((label, i) => ((i * 31) % 3 === 0 ? (label + i) % 6 : label));
    for (const scores of classificationReport(guess, truth).perClass) {
      if (scores.precision && scores.recall) {
        const harmonic = (2 * scores.precision * scores.recall) / (scores.precision + scores.recall);
        expect(scores.f1).toBeCloseTo(harmonic, 12);
      }
    }
  });
});

describe('summarizeConfusionMatrix', () => {
  it('reports accuracy and sample count and validates the matrix', () => {
    const summary = summarizeConfusionMatrix([
      [5, 1],
      [2, 2],
    ]);
    expect(summary.accuracy).toBe(0.7);
    expect(summary.samples).toBe(10);
    expect(() => summarizeConfusionMatrix([[1, 2]])).toThrow(/square/);
    expect(() => summarizeConfusionMatrix([[0]])).toThrow(/no samples/);
    expect(() => summarizeConfusionMatrix([[1.5]])).toThrow(/non-negative integer/);
  });
});

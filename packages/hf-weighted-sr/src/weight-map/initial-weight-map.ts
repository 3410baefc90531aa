import * as tf from '@tensorflow/tfjs';
import { asImageBatch, withRankOf } from './as-image-batch';

/**
 * Signed difference to one neighbour for every pixel, plus its absolute value; where the neighbour does
 * not exist the absolute value is -1 so that it never wins the comparison.
 */
interface Candidate {
  difference: tf.Tensor4D;
  magnitude: tf.Tensor4D;
}

/**
 * Initial (signed) high-frequency map of HR images: for every pixel and channel, the difference
 * p − q to the 4-neighbour q with the largest |p − q|, using only the neighbours that exist at borders
 * (3) and corners (2).
 *
 * Ties in |p − q| between neighbours are resolved by the fixed order up, down, left, right: the first
 * neighbour in that order with the largest magnitude gives the sign. A 1×1 image has no neighbours and
 * maps to 0. Accepts [H,W,C] or [N,H,W,C] (float32, or int32 which is converted to float32) and returns
 * a float32 tensor of the same shape.
 */
export function initialWeightMap<T extends tf.Tensor3D | tf.Tensor4D>(hr: T): T {
  const batch = asImageBatch(hr, 'hr');
  try {
    return tf.tidy(() => {
      const candidates = neighbourCandidates(batch);
      return withRankOf(candidates.length === 0 ? tf.zerosLike(batch) : selectLargest(candidates), hr);
    });
  } finally {
    batch.dispose();
  }
}

/** Candidates in the tie-break order up, down, left, right (absent axes contribute none). */
function neighbourCandidates(image: tf.Tensor4D): Candidate[] {
  const [batch, height, width, channels] = image.shape;
  const candidates: Candidate[] = [];
  if (height > 1) {
    const upper = image.slice([0, 0, 0, 0], [batch, height - 1, width, channels]);
    const lower = image.slice([0, 1, 0, 0], [batch, height - 1, width, channels]);
    // Row y compares with row y − 1 ("up": none for the first row) and with row y + 1 ("down").
    candidates.push(padded(lower.sub(upper), [[0, 0], [1, 0], [0, 0], [0, 0]]));
    candidates.push(padded(upper.sub(lower), [[0, 0], [0, 1], [0, 0], [0, 0]]));
  }
  if (width > 1) {
    const leftColumns = image.slice([0, 0, 0, 0], [batch, height, width - 1, channels]);
    const rightColumns = image.slice([0, 0, 1, 0], [batch, height, width - 1, channels]);
    candidates.push(padded(rightColumns.sub(leftColumns), [[0, 0], [0, 0], [1, 0], [0, 0]]));
    candidates.push(padded(leftColumns.sub(rightColumns), [[0, 0], [0, 0], [0, 1], [0, 0]]));
  }
  return candidates;
}

function padded(difference: tf.Tensor4D, padding: Array<[number, number]>): Candidate {
  return {
    difference: difference.pad(padding, 0),
    magnitude: difference.abs().pad(padding, -1),
  };
}

/** Keeps, per element, the first candidate (in order) with the largest magnitude; needs at least one. */
function selectLargest(candidates: Candidate[]): tf.Tensor4D {
  const [first, ...rest] = candidates as [Candidate, ...Candidate[]];
  let best = first.difference;
  let bestMagnitude = first.magnitude;
  for (const candidate of rest) {
    const wins = candidate.magnitude.greater(bestMagnitude);
    best = tf.where(wins, candidate.difference, best);
    bestMagnitude = tf.where(wins, candidate.magnitude, bestMagnitude);
  }
  return best;
}

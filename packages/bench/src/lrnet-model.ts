import * as tf from '@tensorflow/tfjs';

type SymbolicTensor = tf.SymbolicTensor;

function conv(input: SymbolicTensor, filters: number, kernelSize: number): SymbolicTensor {
  return tf.layers
    .conv2d({ filters, kernelSize, padding: 'same', activation: 'relu', kernelInitializer: 'glorotUniform' })
    .apply(input) as SymbolicTensor;
}

function batchNorm(input: SymbolicTensor): SymbolicTensor {
  return tf.layers.batchNormalization({ axis: -1, momentum: 0.99, epsilon: 1e-3 }).apply(input) as SymbolicTensor;
}

function concat(inputs: SymbolicTensor[]): SymbolicTensor {
  return tf.layers.concatenate({ axis: -1 }).apply(inputs) as SymbolicTensor;
}

/** One multi-kernel block of /work/shared/specs/lrnet.md (concatenations, no additive residuals). */
function multiKernelBlock(x: SymbolicTensor): SymbolicTensor {
  const a3 = conv(x, 48, 3);
  const a5 = conv(x, 24, 5);
  const a7 = conv(x, 12, 7);
  const nA = batchNorm(a3);
  const nP = batchNorm(concat([x, a3, a5]));
  const nQ = batchNorm(concat([x, a3, a5, a7]));
  const d = concat([x, conv(nA, 48, 3), conv(nA, 24, 5), nA]);
  const e = concat([x, conv(nP, 36, 5), conv(nQ, 18, 7)]);
  const nE = batchNorm(e);
  const nD = batchNorm(d);
  const nF = batchNorm(conv(nE, 72, 3));
  const g = concat([x, nD, nA, nP, nQ, nE, nF]);
  const nG = batchNorm(conv(g, 24, 1));
  return tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'valid' }).apply(nG) as SymbolicTensor;
}

/**
 * An LR-Net-shaped model built from the spec inside the bench package (three MK blocks, the
 * 256-128-128-64 head with dropout 0.3, softmax), so the benchmark runs before @lowres/lrnet lands.
 */
export function buildLrnetShaped(input: [number, number, number], classes: number): tf.LayersModel {
  const inputs = tf.input({ shape: input });
  let x = multiKernelBlock(multiKernelBlock(multiKernelBlock(inputs)));
  x = tf.layers.flatten().apply(x) as SymbolicTensor;
  for (const units of [256, 128, 128, 64]) {
    x = tf.layers.dense({ units, activation: 'relu' }).apply(x) as SymbolicTensor;
    x = tf.layers.dropout({ rate: 0.3 }).apply(x) as SymbolicTensor;
  }
  const outputs = tf.layers.dense({ units: classes, activation: 'softmax' }).apply(x) as SymbolicTensor;
  return tf.model({ inputs, outputs, name: 'lrnet_shaped' });
}

/** Where the benchmarked LR-Net came from. */
export type LrnetSource = '@lowres/lrnet' | 'bench spec copy';

/**
 * LR-Net from @lowres/lrnet when that package loads and builds, else {@link buildLrnetShaped}.
 * LOWRES_BENCH_LRNET=local forces the local copy.
 */
export async function loadLrnet(
  input: [number, number, number],
  classes: number,
): Promise<{ model: tf.LayersModel; source: LrnetSource; note?: string }> {
  if (process.env.LOWRES_BENCH_LRNET !== 'local') {
    try {
      const lrnetPackage = (await import('@lowres/lrnet')) as {
        lrnet: () => { build: (shape: { height: number; width: number; channels: number }, classes: number) => tf.LayersModel };
      };
      const [height, width, channels] = input;
      return { model: lrnetPackage.lrnet().build({ height, width, channels }, classes), source: '@lowres/lrnet' };
    } catch (error) {
      return { model: buildLrnetShaped(input, classes), source: 'bench spec copy', note: (error as Error).message };
    }
  }
  return { model: buildLrnetShaped(input, classes), source: 'bench spec copy' };
}

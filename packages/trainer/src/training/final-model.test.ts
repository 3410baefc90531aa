import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDataset } from '../data/image-dataset';
import { OutOfMemoryError } from '../errors';
import { identitySr } from '../registry/identity-sr';
import { createRegistry } from '../registry/registry';
import { quadrantDataset, tinyClassifier } from '../test-support/tiny-plugins';
import { evaluate } from './evaluate';
import { loadRun } from './load-run';
import { train } from './train';

/** Throws wasm's allocation failure when a forward pass in training sees more than 4 images. */
class HeapLimit extends tf.layers.Layer {
  static className = 'HeapLimitForTest';
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training === true && x.shape[0]! > 4) throw new RangeError('Invalid typed array length: 4718592000');
    return x.clone();
  }
}

const registry = createRegistry({
  sr: { none: identitySr },
  classifiers: {
    tiny: tinyClassifier,
    limited: {
      description: 'tiny classifier behind a 4-image heap',
      create: () => ({
        kind: 'classifier' as const,
        name: 'limited',
        build(input, classes) {
          const image = tf.input({ shape: [input.height, input.width, input.channels] });
          const limited = new HeapLimit({}).apply(image) as tf.SymbolicTensor;
          return tf.model({ inputs: image, outputs: tinyClassifier.build(input, classes).apply(limited) as tf.SymbolicTensor });
        },
      }),
    },
  },
});
const data = { train: quadrantDataset(48, 8, 3), test: quadrantDataset(24, 8, 4) };
const config = { classifier: 'tiny', epochs: 2, batchSize: 8, seed: 3, validationSplit: 0.25, batchNormRecalibration: 32, optimizer: { name: 'adam', learningRate: 0.05 } } as const;
let root = '';

beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-final-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the final model', () => {
  it('is what the run directory loads: evaluating it reproduces the stored test figures exactly', async () => {
    const outDir = join(root, 'recalibrated');
    const result = await train({ ...config, outDir }, { registry, data, progress: null });
    result.pipeline.model.dispose();
    const stored = JSON.parse(await readFile(join(outDir, 'test-metrics.json'), 'utf8'));
    expect(stored.model).toBe(join(outDir, 'checkpoints', 'final'));
    const warnings: string[] = [];
    await expectNoTensorLeaks(async () => {
      const run = await loadRun(outDir, { registry, warn: (message) => warnings.push(message) });
      const again = await evaluate(run.pipeline.model, checkDataset(data.test, 'test'), { batchSize: 8, classes: 4 });
      run.pipeline.model.dispose();
      expect(run.finished).toBe(true);
      expect(run.checkpoint).toBe(stored.model);
      expect({ loss: again.loss, accuracy: again.accuracy }).toEqual({ loss: stored.loss, accuracy: stored.accuracy });
    }, 'loadRun + evaluate');
    expect(warnings).toEqual([]);
    expect(await readFile(join(outDir, 'report.md'), 'utf8')).toMatch(
      /Validation figures are measured .* as the test set is: in inference mode, with batch-norm statistics re-estimated from 32 training images/,
    );
  });

  it('validates each epoch as the test is measured: with re-estimated batch-norm statistics', async () => {
    const withStatistics = await train({ ...config, epochs: 1 }, { registry, data, progress: null });
    const without = await train({ ...config, epochs: 1, batchNormRecalibration: 0 }, { registry, data, progress: null });
    // Training itself is unchanged by the measurement: same loss, same weights apart from the final re-estimation.
    expect(withStatistics.history[0]!.loss).toBe(without.history[0]!.loss);
    expect(withStatistics.history[0]!.val_loss).not.toBe(without.history[0]!.val_loss);
    withStatistics.pipeline.model.dispose();
    without.pipeline.model.dispose();
  });

  it('turns an allocation failure in a step into OutOfMemoryError suggesting micro-batches, which then fit', async () => {
    const limited = { ...config, classifier: 'limited', epochs: 1, batchNormRecalibration: 0 };
    const failure = await train(limited, { registry, data, progress: null }).catch((error: unknown) => error);
    expect(OutOfMemoryError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/step 0 .*Invalid typed array length.*--micro-batch 4/);
    const fits = await train({ ...limited, microBatchSize: 4 }, { registry, data, progress: null });
    expect(fits.history).toHaveLength(1);
    fits.pipeline.model.dispose();
  });
});

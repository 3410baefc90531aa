import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, UnknownPluginError, initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigInvalidError, TrainingDivergedError } from '../errors';
import { bicubicSr } from '../registry/bicubic-sr';
import { identitySr } from '../registry/identity-sr';
import { createRegistry } from '../registry/registry';
import { quadrantDataset, tinyClassifier, tinySr } from '../test-support/tiny-plugins';
import { readCheckpoint } from '@lowres/engine';
import { prepareTraining } from './prepare-training';
import { train } from './train';

const registry = createRegistry({
  sr: { none: identitySr, bicubic: bicubicSr({ scale: 2 }), tiny: tinySr(2) },
  classifiers: { tiny: tinyClassifier },
});
const data = { train: quadrantDataset(48, 8, 3), test: quadrantDataset(16, 8, 4) };
const quiet = { registry, data, progress: null } as const;
let root = '';

beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-train-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const weights = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

describe('train: classifier mode', () => {
  it('learns the toy task, writes the run directory and leaks no tensors', async () => {
    const outDir = join(root, 'classifier');
    const result = await expectNoTensorLeaks(async () => {
      const run = await train(
        { classifier: 'tiny', epochs: 6, batchSize: 8, seed: 1, validationSplit: 0.25, optimizer: { name: 'adam', learningRate: 0.05 }, outDir },
        quiet,
      );
      run.pipeline.model.dispose();
      return run;
    }, 'train()');
    expect(result.history).toHaveLength(6);
    expect(result.history[5]!.loss).toBeLessThan(result.history[0]!.loss);
    expect(result.test!.accuracy).toBeGreaterThan(0.5);
    const files = await readdir(outDir);
    expect(files).toEqual(
      expect.arrayContaining(['config.json', 'metrics.jsonl', 'metrics.csv', 'checkpoints', 'test-metrics.json', 'report.md', 'pipeline.json']),
    );
    expect(await readdir(join(outDir, 'plots'))).toEqual(['classifier-accuracy.svg', 'classifier-loss.svg', 'confusion-matrix.svg']);
    expect(await readFile(join(outDir, 'report.md'), 'utf8')).toMatch(/## Test set[\s\S]*accuracy: \d+\.\d\d %/);
    const lines = (await readFile(join(outDir, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0]!)).toMatchObject({ phase: 'classifier', epoch: 0 });
    const csv = (await readFile(join(outDir, 'metrics.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('phase,epoch,globalStep,learningRate,loss,accuracy,val_loss,val_accuracy');
    expect(csv).toHaveLength(7);
    expect(JSON.parse(await readFile(join(outDir, 'config.json'), 'utf8'))).toMatchObject({ epochs: 6, mode: 'classifier' });
  });

  it('re-estimates batch-norm statistics from the training images when batchNormRecalibration is set', async () => {
    const common = { classifier: 'tiny', epochs: 1, batchSize: 8, seed: 1, optimizer: { name: 'adam', learningRate: 0.05 } } as const;
    const movingMean = (run: Awaited<ReturnType<typeof train>>) => {
      const norm = run.pipeline.classifierModel.getLayer('norm');
      return Array.from(norm.getWeights()[2]!.dataSync());
    };
    const plain = await train(common, quiet);
    const before = tf.memory().numTensors;
    const recalibrated = await train({ ...common, batchNormRecalibration: 48 }, quiet);
    // The run keeps exactly the pipeline's weights alive, nothing else.
    expect(tf.memory().numTensors - before).toBe(recalibrated.pipeline.model.weights.length);
    // Same seed, same training: only the moving statistics differ. After 6 steps with momentum 0.99
    // they are still near their initial zeros; recalibrated, they are the mean conv output (ReLU ≥ 0).
    const features = tf.model({
      inputs: recalibrated.pipeline.classifierModel.inputs,
      outputs: recalibrated.pipeline.classifierModel.getLayer('features').output as tf.SymbolicTensor,
    });
    const x = tf.tensor4d(Float32Array.from(data.train.images, (value) => value / 255), [48, 8, 8, 1]);
    const expected = tf.tidy(() => Array.from((features.predict(x) as tf.Tensor).mean([0, 1, 2]).dataSync()));
    movingMean(recalibrated).forEach((value, channel) => {
      expect(value).toBeCloseTo(expected[channel]!, 4);
    });
    expect(movingMean(plain).every((value, channel) => Math.abs(value - expected[channel]!) > 1e-3 || expected[channel] === 0)).toBe(true);
    x.dispose();
    plain.pipeline.model.dispose();
    recalibrated.pipeline.model.dispose();
  });

  it('is reproducible: the same seed gives the same weights, another seed different ones', async () => {
    const config = { classifier: 'tiny', sr: 'bicubic', epochs: 1, batchSize: 16, optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9 } };
    const first = await train({ ...config, seed: 5 }, quiet);
    const second = await train({ ...config, seed: 5 }, quiet);
    const third = await train({ ...config, seed: 6 }, quiet);
    expect(weights(first.pipeline.model)).toEqual(weights(second.pipeline.model));
    expect(weights(third.pipeline.model)).not.toEqual(weights(first.pipeline.model));
  });

  it('stops early when the monitored metric stops improving and restores the best weights', async () => {
    const epochs: number[] = [];
    const result = await train(
      {
        classifier: 'tiny',
        epochs: 30,
        batchSize: 16,
        validationSplit: 0.25,
        // A learning rate of zero never improves val_loss after the first epoch.
        optimizer: { name: 'sgd', learningRate: 1e-12 },
        earlyStopping: { monitor: 'val_loss', patience: 2, minDelta: 0.1 },
      },
      { ...quiet, callbacks: { onEpochEnd: (record) => void epochs.push(record.epoch) } },
    );
    expect(epochs).toEqual([0, 1, 2]);
    expect(result.history).toHaveLength(3);
  });

  it('keeps only the model weights in the best checkpoint and ends on them; step checkpoints keep the optimizer', async () => {
    const outDir = join(root, 'best-weights');
    const config = { classifier: 'tiny', epochs: 4, batchSize: 8, seed: 2, validationSplit: 0.25, outDir };
    const checkpoints = join(outDir, 'checkpoints');
    await expectNoTensorLeaks(async () => {
      const result = await train({ ...config, optimizer: { name: 'adam', learningRate: 0.05 }, earlyStopping: { monitor: 'val_loss', patience: 10 } }, quiet);
      const best = await readCheckpoint(join(checkpoints, 'best'));
      expect(best.arrays.map((array) => array.group)).toEqual(result.pipeline.model.weights.map(() => 'model'));
      expect(best.arrays.map((array) => Array.from(array.data))).toEqual(weights(result.pipeline.model));
      result.pipeline.model.dispose();
    }, 'train() with a best checkpoint');
    const step = (await readdir(checkpoints)).find((name) => name.startsWith('phase00-step'));
    const stepArrays = (await readCheckpoint(join(checkpoints, step ?? 'missing'))).arrays;
    expect(stepArrays.some((array) => array.group === 'optimizer')).toBe(true);
  });

  it('stops with TrainingDivergedError on a non-finite loss and keeps the last good checkpoint', async () => {
    const outDir = join(root, 'diverged');
    const error = await train(
      { classifier: 'tiny', epochs: 3, batchSize: 8, optimizer: { name: 'sgd', learningRate: 1e30 }, outDir, checkpoint: { everySteps: 1 } },
      quiet,
    ).catch((caught: unknown) => caught);
    expect(TrainingDivergedError.isInstance(error)).toBe(true);
    expect((error as TrainingDivergedError).lastGoodCheckpoint).toMatch(/phase00-step\d+$/);
    expect((error as Error).message).toMatch(/not finite/);
  });
});

describe('train: end-to-end and staged modes', () => {
  it('end-to-end: pre-trains the SR ("p-" init), then trains both parts with per-layer multipliers', async () => {
    const phases: string[] = [];
    const result = await expectNoTensorLeaks(async () => {
      const run = await train(
      {
        mode: 'end-to-end',
        sr: 'tiny',
        classifier: 'tiny',
        epochs: 2,
        batchSize: 16,
        pretrain: { epochs: 1, optimizer: { name: 'adam', learningRate: 0.01 } },
        layers: [
          { match: 'sr/*/bias', learningRateMultiplier: 0.1 },
          { match: 'classifier/features/*', frozen: true },
        ],
      },
      { ...quiet, callbacks: { onPhaseBegin: (info) => void phases.push(info.phase) } },
      );
      run.pipeline.model.dispose();
      return run;
    }, 'end-to-end train()');
    expect(phases).toEqual(['sr-pretrain', 'end-to-end']);
    expect(result.history.map((record) => record.phase)).toEqual(['sr-pretrain', 'end-to-end', 'end-to-end']);
    expect(result.history[0]!.accuracy).toBeUndefined();
  });

  it('staged: trains SR on pixels, up-scales with the frozen SR, then trains only the classifier', async () => {
    const outDir = join(root, 'staged');
    const config = { mode: 'staged', sr: 'tiny', classifier: 'tiny', epochs: 1, batchSize: 16, pretrain: { epochs: 1 }, checkpoint: { keepLast: 5 } };
    await expectNoTensorLeaks(async () => (await train(config, quiet)).pipeline.model.dispose(), 'staged train()');
    const result = await train({ ...config, outDir }, quiet);
    expect(result.history.map((record) => record.phase)).toEqual(['sr', 'staged']);
    expect(result.pipeline.classifierInput).toEqual({ height: 16, width: 16, channels: 1 });
    // The SR stage's last checkpoint holds the SR weights; the classifier stage must not change them.
    const srStage = await readCheckpoint(join(outDir, 'checkpoints', 'phase00-step000000003'));
    const stored = srStage.arrays.filter((array) => array.group === 'model').map((array) => Array.from(array.data));
    expect(weights(result.pipeline.srModel)).toEqual(stored);
    expect(await readdir(join(outDir, 'plots'))).toContain('sr-samples.png');
  });
});

describe('train: configuration errors fail before any training', () => {
  const neverCalled = { onStepEnd: () => { throw new Error('training started'); } };
  const attempt = (config: unknown) => train(config, { ...quiet, callbacks: neverCalled }).catch((caught: unknown) => caught);

  it('names the unknown plugin with a suggestion', async () => {
    const error = await attempt({ classifier: 'tiyn' });
    expect(UnknownPluginError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Unknown classifier 'tiyn'.*Did you mean 'tiny'/);
  });

  it('names the field with a wrong type, an unknown key, or an impossible combination', async () => {
    const wrongType = await attempt({ classifier: 'tiny', epochs: 'ten' });
    expect(ConfigInvalidError.isInstance(wrongType)).toBe(true);
    expect((wrongType as ConfigInvalidError).field).toBe('epochs');
    const nested = await attempt({ classifier: 'tiny', optimizer: { name: 'adamw', learningRate: 0.1 } });
    expect((nested as ConfigInvalidError).field).toBe('optimizer.name');
    const unknownKey = await attempt({ classifier: 'tiny', epoch: 3 });
    expect((unknownKey as Error).message).toMatch(/epoch/);
    const staged = await attempt({ mode: 'staged', sr: 'tiny', classifier: 'tiny' });
    expect((staged as ConfigInvalidError).field).toBe('pretrain');
    const monitor = await attempt({ classifier: 'tiny', earlyStopping: { monitor: 'val_accuracy' } });
    expect((monitor as ConfigInvalidError).field).toBe('earlyStopping.monitor');
    const paramFree = await attempt({ mode: 'end-to-end', sr: 'bicubic', classifier: 'tiny' });
    expect((paramFree as ConfigInvalidError).field).toBe('sr');
    const rule = await attempt({ classifier: 'tiny', layers: [{ match: 'classifier/nothing/*', frozen: true }] });
    expect((rule as Error).message).toMatch(/matches no weight/);
  });

  it('a parameter-free SR in a mode that trains it fails without leaking the pipeline it was found on', async () => {
    const error = await expectNoTensorLeaks(() => attempt({ mode: 'end-to-end', sr: 'none', classifier: 'tiny' }), 'refused run');
    expect(ConfigInvalidError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/mode 'end-to-end' trains the SR front end, but 'none' has no parameters/);
  });

  it('a raw config without a registry is refused, naming the option', async () => {
    const error = await train({ classifier: 'tiny' }, { data, progress: null } as never).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/registry/);
  });
});

describe('train: a prepared run', () => {
  it('trains the config and plugins prepareTraining made, without a registry', async () => {
    const prepared = prepareTraining({ sr: 'tiny', mode: 'end-to-end', classifier: 'tiny', epochs: 1, batchSize: 16 }, registry);
    const result = await train(prepared, { data, progress: null });
    expect(result.config).toBe(prepared.config);
    expect(result.history).toHaveLength(1);
    result.pipeline.model.dispose();
  });

  it('parses a config that only looks prepared as a raw config', async () => {
    const lookalike = { config: {}, sr: identitySr, classifier: tinyClassifier };
    const error = await train(lookalike, quiet).catch((caught: unknown) => caught);
    expect(ConfigInvalidError.isInstance(error)).toBe(true);
  });
});

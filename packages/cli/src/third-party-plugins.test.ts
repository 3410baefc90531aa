import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClassifierBackEnd, type FigureInput, type ReportFigure, type SrFrontEnd, initBackend } from '@lowres/core';
import { createRegistry, definePlugin } from '@lowres/trainer';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { writeIdxFixture } from './test-support/idx-fixture';
import { runCapturedCli } from './test-support/captured-cli';

/** What the third-party plugins saw: their own hooks record every call. */
const calls = { load: 0, pixelLoss: 0, srFigures: [] as FigureInput[], classifierFigures: [] as FigureInput[], gains: [] as number[] };

function flatFigure(name: string): ReportFigure {
  return { name, title: `${name} by its plugin`, width: 2, height: 2, channels: 1, pixels: new Uint8Array([0, 85, 170, 255]) };
}

/** A third-party SR front end: nearest ×2 up-sampling plus a learnt 3×3 correction, with its own hooks. */
function thirdPartySr(options: { gain: number }): SrFrontEnd {
  const { gain } = options;
  calls.gains.push(gain);
  return {
    kind: 'sr',
    name: 'outside-sr',
    scale: 2,
    async load() {
      calls.load += 1;
    },
    build(input) {
      const image = tf.input({ shape: [input.height, input.width, input.channels] });
      const up = tf.layers.upSampling2d({ size: [2, 2] }).apply(image) as tf.SymbolicTensor;
      const correction = tf.layers.conv2d({ filters: input.channels, kernelSize: 3, padding: 'same', name: 'correction' }).apply(up) as tf.SymbolicTensor;
      return tf.model({ inputs: image, outputs: tf.layers.add().apply([up, correction]) as tf.SymbolicTensor });
    },
    pixelLoss(highResolution, output) {
      calls.pixelLoss += 1;
      return tf.mean(tf.abs(tf.sub(highResolution, output))).mul(gain) as tf.Scalar;
    },
    figures(input) {
      calls.srFigures.push(input);
      return [flatFigure('outside-sr-figure')];
    },
  };
}

/** A third-party classifier back end with a figure hook. */
const thirdPartyClassifier: ClassifierBackEnd = {
  kind: 'classifier',
  name: 'outside-classifier',
  build(input, classes) {
    const image = tf.input({ shape: [input.height, input.width, input.channels] });
    const pooled = tf.layers.globalAveragePooling2d({}).apply(
      tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', name: 'features' }).apply(image) as tf.SymbolicTensor,
    ) as tf.SymbolicTensor;
    return tf.model({ inputs: image, outputs: tf.layers.dense({ units: classes, activation: 'softmax', name: 'head' }).apply(pooled) as tf.SymbolicTensor });
  },
  figures(input) {
    calls.classifierFigures.push(input);
    return [flatFigure('outside-classifier-figure')];
  },
};

const registry = createRegistry({
  sr: {
    outside: definePlugin({
      description: 'third-party SR defined in this test',
      options: z.strictObject({ gain: z.number().positive().prefault(1) }),
      create: thirdPartySr,
    }),
  },
  classifiers: { outside: thirdPartyClassifier },
});

let root = '';
let data = '';
beforeAll(async () => {
  process.env.LOWRES_BACKEND = 'cpu';
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-outside-'));
  data = join(root, 'data');
  await mkdir(data);
  await writeIdxFixture(data, 24, 8);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('third-party plugins through the CLI', () => {
  it('train validates the SR options with its schema, pre-trains with its pixel loss, trains end to end, and reports the plugins figures', async () => {
    const out = join(root, 'run');
    const config = join(root, 'config.json');
    const settings = { mode: 'end-to-end', sr: { name: 'outside', options: { gain: 2 } }, classifier: 'outside', pretrain: { epochs: 1 }, epochs: 1, batchSize: 8 };
    await writeFile(config, JSON.stringify(settings));
    const run = await runCapturedCli(['train', '--config', config, '--dataset', data, '--out', out], { registry });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(calls.gains).toContain(2);
    expect(calls.load).toBeGreaterThan(0);
    expect(calls.pixelLoss).toBeGreaterThan(0);
    expect(calls.classifierFigures.length).toBeGreaterThan(0);
    expect(calls.srFigures.length).toBeGreaterThan(0);
    const plots = await readdir(join(out, 'plots'));
    expect(plots).toEqual(expect.arrayContaining(['outside-sr-figure.png', 'outside-classifier-figure.png']));
    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('outside-sr-figure by its plugin');
    expect(report).toContain('outside-classifier-figure by its plugin');
  });

  it('validates options with the plugin schema: unknown names and bad values are named', async () => {
    const misspelt = await runCapturedCli(['train', '--sr', 'outside', '--sr-option', 'gian=2', '--classifier', 'outside', '--dataset', data], { registry });
    expect(misspelt.code).not.toBe(0);
    expect(misspelt.stderr).toMatch(/option 'gian'.*Did you mean 'gain'/);
    const negative = await runCapturedCli(['train', '--sr', 'outside', '--sr-option', 'gain=-1', '--classifier', 'outside', '--dataset', data], { registry });
    expect(negative.code).not.toBe(0);
    expect(negative.stderr).toMatch(/SR front end 'outside' option 'gain'/);
  });
});

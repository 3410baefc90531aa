import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { createRegistry, identitySr, loadExportedPipeline, parsePipelineSamples } from '@lowres/trainer';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapturedCli } from '../test-support/captured-cli';
import { writeIdxFixture } from '../test-support/idx-fixture';
import { tinyClassifier, tinySr } from '@lowres/trainer/testing';

const registry = createRegistry({ sr: { none: identitySr, tiny: tinySr(2) }, classifiers: { tiny: tinyClassifier } });
let root = '';
let data = '';
let run = '';

beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-cli-export-'));
  data = join(root, 'data');
  await mkdir(data);
  await writeIdxFixture(data, 24, 8);
  run = join(root, 'run');
  const trained = await runCapturedCli(['train', '--sr', 'tiny', '--classifier', 'tiny', '--mode', 'end-to-end', '--dataset', data, '--degrade', '2', '--epochs', '1', '--batch', '8', '--out', run], { registry });
  expect(trained.code).toBe(0);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('lowres export', () => {
  it('writes the model, its manifest and test images as the pipeline sees them', async () => {
    const out = join(root, 'export');
    const result = await runCapturedCli(['export', '--run', run, '--out', out, '--dataset', data, '--samples', '3'], { registry });
    expect(result.stderr).toBe('');
    expect(result.backend).toMatch(/^backend: \w+ on the (CPU|GPU)/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/exported tiny ×2 \+ tiny \(4×4×1 → 4 classes\)/);
    expect(result.stdout).toContain(join(out, 'samples.json'));
    const samples = parsePipelineSamples(JSON.parse(await readFile(join(out, 'samples.json'), 'utf8')), 'samples.json');
    expect(samples.shape).toEqual({ height: 4, width: 4, channels: 1 });
    expect(samples.images).toHaveLength(3);
    const before = tf.memory().numTensors;
    const exported = await loadExportedPipeline(out);
    expect(exported.manifest.preprocessing.lowResolution).toMatchObject({ factor: 2 });
    const probabilities = tf.tidy(() => exported.model.predict(tf.tensor4d(samples.images.flatMap((image) => image.pixels), [3, 4, 4, 1])) as tf.Tensor);
    expect(probabilities.shape).toEqual([3, 4]);
    probabilities.dispose();
    exported.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('needs --run and --out, and --dataset with --samples', async () => {
    const missing = await runCapturedCli(['export', '--run', run], { registry });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--out: is required/);
    const half = await runCapturedCli(['export', '--run', run, '--out', join(root, 'x'), '--samples', '2'], { registry });
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--dataset: export takes --dataset and --samples together/);
  });
});

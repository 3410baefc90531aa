import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, UnknownPluginError, initBackend } from '@lowres/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecipeUnavailableError, createRegistry, identitySr, parseTrainConfig, pluginName, prepareTraining } from '@lowres/trainer';
import { defaultRegistry } from '../registry/default-registry';
import { loadImageData } from '../load-data';
import { runCapturedCli } from '../test-support/captured-cli';
import { writeIdxFixture } from '../test-support/idx-fixture';
import { tinyClassifier } from '@lowres/trainer/testing';
import type { Recipe } from './recipe';
import { RECIPES, findRecipe, recipeConfig, recipeNames } from './recipes';
import { reproduce } from './reproduce';
import type { ReproductionRecord } from './reproduction-record';

let root = '';
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-recipes-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('recipes', () => {
  it.each(recipeNames())('%s parses to a valid config whose plugins exist', (name) => {
    const recipe = findRecipe(name);
    const config = parseTrainConfig(recipeConfig(recipe, { outDir: 'runs/x' }));
    expect(config.dataset?.name).toBe(recipe.dataset);
    if (recipe.paper) {
      expect(recipe.paper.value).toBeGreaterThan(0);
      expect(recipe.paper.value).toBeLessThan(1);
      // The publication itself, not a file outside the repository.
      expect(recipe.paper.source).toMatch(/\((LR-Net|RACNN|HF-weighted SR) paper\)|\(BagNet report\)/);
      expect(recipe.paper.source).not.toMatch(/specs\/|seeds? \d/);
    }
    const sr = defaultRegistry.createSr(pluginName(config.sr).name, pluginName(config.sr).options);
    defaultRegistry.createClassifier(pluginName(config.classifier).name, pluginName(config.classifier).options);
    if (config.lowResolution?.factor && config.pretrain) expect(sr.scale).toBe(config.lowResolution.factor);
  });

  it('carries the published figures of the specs', () => {
    expect(RECIPES['lrnet-fashion-mnist'].paper?.value).toBe(0.9503);
    expect(RECIPES['bagnet-tiny-imagenet'].paper?.value).toBe(0.4432);
    expect(RECIPES['racnn-cub'].metric).toBe('mean-per-class-accuracy');
    expect(RECIPES['racnn-cub'].paper?.value).toBe(0.5123);
    expect(RECIPES['hf-sr-cifar10'].config).toMatchObject({ mode: 'staged', lowResolution: { factor: 2 }, classifier: { name: 'preact-resnet164' } });
    expect(RECIPES['hf-sr-cifar10'].paper?.value).toBe(0.9523);
    expect(RECIPES['vgg16-fashion-mnist'].paper?.value).toBe(0.742);
    expect(RECIPES['inception-v3-fashion-mnist'].paper?.value).toBe(0.9444);
    for (const patch of [9, 17, 33]) expect(findRecipe(`bagnet${patch}-fashion-mnist`).paper).toBeNull();
  });

  it("Table II's back ends train under LR-Net's protocol, differing only in the classifier", () => {
    const { classifier: _lrnet, ...protocol } = parseTrainConfig(recipeConfig(RECIPES['lrnet-fashion-mnist']));
    expect(protocol).toMatchObject({
      optimizer: { name: 'adam', learningRate: 1e-3 },
      batchSize: 128,
      validationSplit: 0.1,
      earlyStopping: { monitor: 'val_loss', patience: 30, restoreBest: true },
      evaluateTest: true,
    });
    for (const [name, classifier] of [
      ['vgg16-fashion-mnist', 'vgg16'],
      ['inception-v3-fashion-mnist', 'inception-v3'],
    ] as const) {
      const { classifier: reference, ...rest } = parseTrainConfig(recipeConfig(RECIPES[name]));
      expect(rest).toEqual(protocol);
      expect(reference).toEqual({ name: classifier, options: { smallInput: true } });
      expect(RECIPES[name].notes.join(' ')).toMatch(/Input: the native 28×28×1 images with `smallInput`/);
    }
  });

  it("the authors' run differs from LR-Net's protocol only in training all images for 17 epochs, the last one tested", () => {
    const { earlyStopping, validationSplit, epochs, ...protocol } = parseTrainConfig(recipeConfig(RECIPES['lrnet-fashion-mnist']));
    expect([earlyStopping?.monitor, validationSplit, epochs]).toEqual(['val_loss', 0.1, 1000]);
    const authors = parseTrainConfig(recipeConfig(RECIPES['lrnet-fashion-mnist-authors-run']));
    expect(authors).toEqual({ ...protocol, validationSplit: 0, epochs: 17 });
    expect(authors.earlyStopping).toBeUndefined();
    expect(RECIPES['lrnet-fashion-mnist-authors-run'].paper?.value).toBe(0.9503);
  });

  it('the BagNet Fashion-MNIST recipes differ only in q, up-scale ×2 to 56×56 in the model and keep the best validation weights', () => {
    const configs = [9, 17, 33].map((patch) => parseTrainConfig(recipeConfig(findRecipe(`bagnet${patch}-fashion-mnist`))));
    for (const [index, config] of configs.entries()) {
      expect(config).toMatchObject({
        mode: 'classifier',
        sr: { name: 'bicubic', options: { scale: 2 } },
        classifier: { name: `bagnet${[9, 17, 33][index]}` },
        optimizer: { name: 'adam', learningRate: 1e-3 },
        batchSize: 100,
        epochs: 15,
        validationSplit: 0.1,
        earlyStopping: { monitor: 'val_loss', restoreBest: true },
        dataset: { name: 'fashion-mnist' },
      });
      expect({ ...config, classifier: null }).toEqual({ ...configs[0], classifier: null });
    }
    expect(defaultRegistry.createSr('bicubic', { scale: 2 }).scale).toBe(2);
  });

  it('an unknown recipe throws UnknownPluginError with a suggestion', () => {
    expect(() => findRecipe('lrnet-fashion-mnst')).toThrow(UnknownPluginError);
    expect(() => findRecipe('lrnet-fashion-mnst')).toThrow(/Unknown recipe 'lrnet-fashion-mnst'.*Did you mean 'lrnet-fashion-mnist'/);
  });

  it('folder recipes are runnable and carry their decode size and crop in dataset.options', () => {
    for (const name of recipeNames()) expect(findRecipe(name).unavailable).toBeUndefined();
    expect(parseTrainConfig(recipeConfig(RECIPES['racnn-cub'], { dataDir: '/data/cub' })).dataset).toEqual({
      name: 'cub-200-2011',
      dir: '/data/cub',
      options: { size: [227, 227], crop: true },
    });
    expect(parseTrainConfig(recipeConfig(RECIPES['bagnet-tiny-imagenet'])).dataset?.options).toEqual({ size: [64, 64], crop: false });
    expect(parseTrainConfig(recipeConfig(RECIPES['lrnet-mnist'])).dataset?.options).toEqual({});
  });

  it('a shrunk size scales the low-resolution size by the same ratio; options merge over the recipe', () => {
    const config = parseTrainConfig(
      recipeConfig(RECIPES['racnn-cub'], { size: [24, 30], classifierOptions: { smallInput: true, hiddenUnits: 8 }, srOptions: { seed: 3 } }),
    );
    expect(config.dataset?.options).toEqual({ size: [24, 30], crop: true });
    // 50 × 24 / 227 = 5.29 → 5; 50 × 30 / 227 = 6.61 → 7; restore stays `true` (back to the decoded size).
    expect(config.lowResolution).toEqual({ size: [5, 7], restore: true });
    expect(config.classifier).toEqual({ name: 'alexnet', options: { smallInput: true, hiddenUnits: 8 } });
    expect(config.sr).toEqual({ name: 'racnn', options: { scale: 1, init: 'gaussian', channels: 3, seed: 3 } });
    expect(parseTrainConfig(recipeConfig(RECIPES['bagnet-tiny-imagenet'], { classifierOptions: { width: 0.5 } })).classifier).toEqual({
      name: 'bagnet33',
      options: { width: 0.5 },
    });
    expect(() => recipeConfig(RECIPES['lrnet-mnist'], { size: [14, 14] })).toThrow(InvalidArgumentError);
    expect(() => recipeConfig(RECIPES['lrnet-mnist'], { size: [14, 14] })).toThrow(/only folder-dataset recipes take a size/);
  });

  it('shrinking sets the epochs and caps SR pre-training', () => {
    const config = parseTrainConfig(recipeConfig(findRecipe('hf-sr-cifar10'), { epochs: 2 }));
    expect(config.epochs).toBe(2);
    expect(config.pretrain?.epochs).toBe(2);
  });
});

describe('reproduce', () => {
  const tinyRecipe: Recipe = {
    ...RECIPES['lrnet-fashion-mnist'],
    name: 'tiny',
    config: { ...RECIPES['lrnet-fashion-mnist'].config, classifier: 'tiny', batchSize: 8, earlyStopping: undefined },
  };
  const registry = createRegistry({ sr: { none: identitySr }, classifiers: { tiny: tinyClassifier } });
  let data: Awaited<ReturnType<typeof loadImageData>>;
  beforeAll(async () => {
    const dir = join(root, 'idx');
    await mkdir(dir);
    await writeIdxFixture(dir, 24, 8);
    data = await loadImageData({ dataset: dir });
  });

  it('writes reproduction.json and a comparison with the paper into report.md; resumed runs add up wall time', async () => {
    const outDir = join(root, 'tiny');
    const { record } = await reproduce(tinyRecipe, { data, registry, progress: null, outDir, epochs: 1, limit: 24, backend: 'cpu' });
    expect(record).toMatchObject({ recipe: 'tiny', status: 'finished', shrunk: { epochs: 1, limit: 24 }, backend: 'cpu', invocations: 1 });
    expect(record.progress).toMatchObject({ epochsCompleted: 1, lastEpoch: { phase: 'classifier', epoch: 0, globalStep: 3 } });
    expect(record.hardware.cores).toBeGreaterThan(0);
    expect(record.differencePoints).toBeCloseTo((record.ours! - 0.9503) * 100, 10);
    expect(JSON.parse(await readFile(join(outDir, 'reproduction.json'), 'utf8'))).toEqual(record);
    const report = await readFile(join(outDir, 'report.md'), 'utf8');
    expect(report).toMatch(/## Reproduction: `tiny`[\s\S]*\| test accuracy \| \d+\.\d\d % \| 95\.03 % \|/);
    expect(report).toMatch(/\| metric \| ours \| paper \| difference \|\n\| - \| - \| - \| - \|\n\| test accuracy \|/);
    expect(report).toMatch(/\| epoch \| lr \| loss \| accuracy \| val loss \| val accuracy \|\n\| - \| - \| - \| - \| - \| - \|\n\| 1 \| [\d.e-]+ \| \d\.\d{4} \|/);
    expect(report).toMatch(/shrunk for a quick check\*\* \(1 epoch\(s\), the first 24 images/);

    const again = await reproduce(tinyRecipe, { data, registry, progress: null, outDir, epochs: 2, backend: 'cpu', resume: true });
    expect(again.record.invocations).toBe(2);
    expect(again.record.progress).toMatchObject({ epochsCompleted: 2, lastEpoch: { epoch: 1, globalStep: 6 } });
    expect(await readFile(join(outDir, 'report.md'), 'utf8')).toMatch(/training reached: 2 epoch\(s\) of phase 'classifier', step 6; last epoch: loss \d\.\d{4}, train accuracy/);
    expect(again.record.wallSeconds).toBeGreaterThan(record.wallSeconds);
    expect((await readFile(join(outDir, 'report.md'), 'utf8')).match(/## Reproduction/g)).toHaveLength(1);

    // `lowres report` rewrites report.md from the logs and keeps the comparison with the paper.
    const rewritten = await runCapturedCli(['report', '--run', outDir]);
    expect(rewritten.code).toBe(0);
    expect((await readFile(join(outDir, 'report.md'), 'utf8')).match(/## Reproduction: `tiny`/g)).toHaveLength(1);
  });

  it('keeps reproduction.json current at every checkpoint (status running), so a killed run keeps its wall time; machines share it', async () => {
    const outDir = join(root, 'snapshots');
    const seen: (ReproductionRecord | null)[] = [];
    const callbacks = {
      onEpochEnd: async () => {
        const text = await readFile(join(outDir, 'reproduction.json'), 'utf8').catch(() => null);
        seen.push(text === null ? null : (JSON.parse(text) as ReproductionRecord));
      },
    };
    const { record } = await reproduce(tinyRecipe, { data, registry, progress: null, outDir, epochs: 2, limit: 24, backend: 'cpu', callbacks });
    // Epoch 1 ends before its checkpoint; epoch 2's callback sees the record written at that checkpoint.
    expect(seen[0]).toBeNull();
    const running = seen[1]!;
    expect(running).toMatchObject({ status: 'running', invocations: 1, ours: null, progress: { epochsCompleted: 1 } });
    expect(running.wallSeconds).toBeGreaterThan(0);
    expect(running.wallSeconds).toBeLessThanOrEqual(record.wallSeconds);
    expect(record.machines).toEqual([{ cpu: record.hardware.cpu, cores: record.hardware.cores, backend: 'cpu', wallSeconds: record.wallSeconds, invocations: 1 }]);

    // A run resumed from a record of another machine (or one written before machines were kept) adds a second share.
    const file = join(outDir, 'reproduction.json');
    const elsewhere = { ...record, hardware: { ...record.hardware, cpu: 'Elsewhere CPU' }, machines: undefined };
    await writeFile(file, JSON.stringify(elsewhere));
    const again = await reproduce(tinyRecipe, { data, registry, progress: null, outDir, epochs: 3, limit: 24, backend: 'cpu', resume: true });
    expect(again.record.invocations).toBe(2);
    expect(again.record.machines).toHaveLength(2);
    expect(again.record.machines[0]).toEqual({ cpu: 'Elsewhere CPU', cores: record.hardware.cores, backend: 'cpu', wallSeconds: record.wallSeconds, invocations: 1 });
    expect(again.record.machines[1]!.invocations).toBe(1);
    expect(again.record.machines[0]!.wallSeconds + again.record.machines[1]!.wallSeconds).toBeCloseTo(again.record.wallSeconds, 9);
    expect(await readFile(join(outDir, 'report.md'), 'utf8')).toMatch(/wall time by machine: [\d.]+ s on Elsewhere CPU × \d+ \(cpu\); [\d.]+ s on /);
  });

  it('trains a run prepared once by the caller, and refuses to run with neither a registry nor a prepared run', async () => {
    const outDir = join(root, 'prepared');
    const prepared = prepareTraining(recipeConfig(tinyRecipe, { epochs: 1, outDir }), registry);
    const { record, result } = await reproduce(tinyRecipe, { data, prepared, progress: null, outDir, epochs: 1, backend: 'cpu' });
    expect(result.config).toBe(prepared.config);
    expect(record.status).toBe('finished');
    result.pipeline.model.dispose();
    const refused = await reproduce(tinyRecipe, { data, outDir: join(root, 'refused'), backend: 'cpu' }).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/registry/);
  });

  it('a recipe marked unavailable fails before training, saying what is missing', async () => {
    const blocked: Recipe = { ...tinyRecipe, name: 'blocked', unavailable: 'weights for the pre-trained back end are not published' };
    const outDir = join(root, 'blocked');
    await expect(reproduce(blocked, { data, registry, outDir, backend: 'cpu' })).rejects.toThrow(RecipeUnavailableError);
    await expect(reproduce(blocked, { data, registry, outDir, backend: 'cpu' })).rejects.toThrow(/'blocked' cannot run yet: weights/);
    await expect(readFile(join(outDir, 'config.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '@lowres/trainer';
import { tinyClassifier, tinySr } from '@lowres/trainer/testing';
import { writeIdxFixture } from '../test-support/idx-fixture';
import { type CapturedRun, FORCED_CPU_REPORT, runCapturedCli } from '../test-support/captured-cli';

let root = '';
let data = '';
beforeAll(async () => {
  process.env.LOWRES_BACKEND = 'cpu';
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-reproduce-'));
  data = join(root, 'data');
  await mkdir(data);
  // 8×8 images keep the real LR-Net (three 2× pools: 8 → 1) quick on the cpu backend.
  await writeIdxFixture(data, 12, 4, 8);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function cli(argv: string[]): Promise<CapturedRun> {
  return runCapturedCli(argv, {});
}

describe('lowres reproduce', () => {
  it('--list shows every recipe with its paper figure', async () => {
    const { code, stdout } = await cli(['reproduce', '--list']);
    expect(code).toBe(0);
    for (const name of ['lrnet-mnist', 'lrnet-fashion-mnist', 'lrnet-oracle-mnist', 'bagnet-tiny-imagenet', 'racnn-cub', 'hf-sr-cifar10']) {
      expect(stdout).toContain(name);
    }
    expect(stdout).toMatch(/paper: 95\.03 % accuracy/);
    expect(stdout).toMatch(/dataset cub-200-2011; images 227×227 cropped to boxes; paper: 51\.23 % mean per-class accuracy\n/);
    expect(stdout).toMatch(/dataset tiny-imagenet; images 64×64; paper: 44\.32 % accuracy\n/);
    expect(stdout).not.toMatch(/not runnable/);
  });

  it('runs a shrunk lrnet-fashion-mnist on an IDX folder with another seed and compares with the paper', async () => {
    const out = join(root, 'lrnet');
    const run = await cli(['reproduce', 'lrnet-fashion-mnist', '--data-dir', data, '--epochs', '1', '--limit', '12', '--seed', '2', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.backend).toBe(FORCED_CPU_REPORT);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/lrnet-fashion-mnist \(seed 2\): ours \d+\.\d\d %, paper 95\.03 % \(shrunk run: not comparable\); [\d.]+ s on cpu/);
    const record = JSON.parse(await readFile(join(out, 'reproduction.json'), 'utf8'));
    expect(record).toMatchObject({ recipe: 'lrnet-fashion-mnist', dataset: 'fashion-mnist', backend: 'cpu', status: 'finished', seed: 2, shrunk: { epochs: 1, limit: 12 } });
    expect(record.hardware.cpu).not.toBe('');
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ classifier: { name: 'lrnet' }, batchSize: 128, epochs: 1, seed: 2, dataset: { name: 'fashion-mnist', dir: data } });
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/## Reproduction: `lrnet-fashion-mnist`[\s\S]*95\.03 %[\s\S]*seed: 2[\s\S]*shrunk for a quick check/);
    expect(await readdir(join(out, 'checkpoints'))).toContain('phase00-step000000001');
  });

  it('fails before anything runs for an unknown recipe (with a suggestion), a missing folder or a size on an IDX recipe', async () => {
    const unknown = await cli(['reproduce', 'lrnet-fashon-mnist']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/UNKNOWN_PLUGIN.*Unknown recipe 'lrnet-fashon-mnist'.*Did you mean 'lrnet-fashion-mnist'/);
    const out = join(root, 'cub');
    const cub = await cli(['reproduce', 'racnn-cub', '--data-dir', data, '--out', out]);
    expect(cub.code).toBe(2);
    expect(cub.stderr).toMatch(/DATASET_NOT_FOUND.*images\.txt/);
    expect(existsSync(out)).toBe(false);
    const sized = await cli(['reproduce', 'lrnet-fashion-mnist', '--data-dir', data, '--size', '4x4', '--out', out]);
    expect(sized.code).toBe(2);
    expect(sized.stderr).toMatch(/INVALID_ARGUMENT.*size.*only folder-dataset recipes/);
    expect(existsSync(out)).toBe(false);
    const none = await cli(['reproduce']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/expected one recipe name/);
  });
});

describe('graceful stop', () => {
  it('SIGTERM during lowres train checkpoints at the next step and prints how to resume', async () => {
    const out = join(root, 'stopped');
    const options = ['--classifier-option', 'width=0.25', '--classifier-option', 'blocks=2'];
    const args = ['train', '--classifier', 'lrnet', ...options, '--dataset', data, '--degrade', '2', '--epochs', '3', '--batch', '6', '--out', out];
    const { code, stdout, stderr } = await runCapturedCli(args, {
      // The first epoch line: deliver SIGTERM to this process's handlers.
      onStdout: (text) => void (text.includes('epoch 1 ') && process.emit('SIGTERM', 'SIGTERM')),
    });
    expect(code).toBe(130);
    expect(stdout).not.toMatch(/epoch 2 /);
    expect(stderr).toMatch(/received SIGTERM: stopping at the next step boundary/);
    expect(stderr).toMatch(/stopped at step 2; checkpoint: .*phase00-step000000002\nresume with: lowres train --out .* --resume/);
    expect(process.listenerCount('SIGTERM')).toBe(0);

    const resumed = await cli(['train', '--out', out, '--resume']);
    expect(resumed.stderr).toBe('');
    expect(resumed.backend).toBe(FORCED_CPU_REPORT);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/resumed from .*phase00-step000000002/);
    expect(resumed.stdout).toMatch(/epoch 3 /);
    expect(JSON.parse(await readFile(join(out, 'pipeline.json'), 'utf8')).input).toEqual({ height: 4, width: 4, channels: 1 });

    // eval and upscale degrade the 8×8 test images the way the run was trained.
    const evaluation = await cli(['eval', '--run', out, '--dataset', data]);
    expect(evaluation.stderr).toBe('');
    expect(evaluation.backend).toBe(FORCED_CPU_REPORT);
    const stored = JSON.parse(await readFile(join(out, 'test-metrics.json'), 'utf8'));
    expect(JSON.parse(evaluation.stdout).accuracy).toBeCloseTo(stored.accuracy, 10);
    const upscale = await cli(['upscale', '--run', out, '--dataset', data, '--out', join(root, 'samples.png'), '--count', '2']);
    expect(upscale.stdout).toMatch(/input \| bicubic \| SR \| HR/);
  });

  it('--degrade and --degrade-size are exclusive and validated', async () => {
    const both = await cli(['train', '--classifier', 'lrnet', '--dataset', data, '--degrade', '2', '--degrade-size', '4x4']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--degrade.*not both/);
    const malformed = await cli(['train', '--classifier', 'lrnet', '--dataset', data, '--degrade-size', '4by4']);
    expect(malformed.stderr).toMatch(/--degrade-size expects HxW/);
    const tooLarge = await cli(['train', '--classifier', 'lrnet', '--dataset', data, '--degrade-size', '9x9', '--out', join(root, 'never')]);
    expect(tooLarge.code).toBe(2);
    expect(tooLarge.stderr).toMatch(/lowResolution\.size.*not smaller than the 8×8/);
    expect(existsSync(join(root, 'never'))).toBe(false);
  });
});

describe('lowres demo', () => {
  // The real demo (RACNN ×2 + full LR-Net on 3,000 images) takes minutes; the same command runs here with
  // small stand-ins registered under the demo's plugin names, on the real embedded dataset.
  const registry = createRegistry({
    sr: { racnn: { description: 'stand-in', create: (options) => tinySr(Number(options?.scale ?? 1)) } },
    classifiers: { lrnet: { description: 'stand-in', create: () => tinyClassifier } },
  });

  it('trains SR ×2 + classifier on fashion-mnist-mini degraded 28→14 and prints the report and test accuracy', async () => {
    const out = join(root, 'demo');
    const { code, stdout, stderr, backend } = await runCapturedCli(['demo', '--mini', '--epochs', '1', '--limit', '40', '--out', out], { registry });
    expect(stderr).toBe('');
    expect(backend).toBe(FORCED_CPU_REPORT);
    expect(code).toBe(0);
    expect(stdout).toMatch(/degraded 28→14 \(40 train \/ 40 test images\), 1 epoch\(s\) on cpu/);
    expect(stdout).toContain(`report: ${join(out, 'report.md')}`);
    expect(stdout).toMatch(/test accuracy on the 40 held-out images: \d+\.\d\d %/);
    if (existsSync('/usr/share/datasets/fashion-mnist')) {
      expect(stdout).toContain(`lowres train --config ${join(out, 'config.json')} --dataset /usr/share/datasets/fashion-mnist`);
    }
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ mode: 'end-to-end', sr: { name: 'racnn', options: { scale: 2 } }, lowResolution: { factor: 2 }, validationSplit: 0.1 });
    expect(JSON.parse(await readFile(join(out, 'pipeline.json'), 'utf8')).input).toEqual({ height: 14, width: 14, channels: 1 });
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/original \(HR\)/);
    // eval scores the SR front end on restoring the originals exactly as the run's report did.
    const stored = JSON.parse(await readFile(join(out, 'sr-quality.json'), 'utf8'));
    // The demo trains its SR by the classifier's loss only: no pixel loss, so no pixel share.
    expect(stored).toMatchObject({ images: 40, cropBorder: 2, lossPixelShare: null });
    expect(stored.sr.ssim).toBeGreaterThan(0);
    const evaluation = await runCapturedCli(['eval', '--run', out, '--dataset', 'fashion-mnist-mini'], { registry });
    expect(evaluation.stderr).toBe('');
    expect(JSON.parse(evaluation.stdout).sr).toEqual(stored);
  });

  it('on a full Fashion-MNIST folder takes its slice once, in batches of 64 with a cosine schedule, and says how to resume', async () => {
    const out = join(root, 'demo-full');
    const { code, stdout, stderr } = await runCapturedCli(['demo', '--data-dir', data, '--out', out], { registry });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`end to end on Fashion-MNIST (${data}) degraded 28→14 (12 train / 4 test images), 1 epoch(s) on cpu`);
    expect(stdout).not.toContain('the same on the full Fashion-MNIST');
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      dataset: { name: 'fashion-mnist', dir: data, limit: 22000, testLimit: 2000 },
      epochs: 1,
      batchSize: 64,
      validationSplit: 0.05,
      optimizer: { name: 'adam', learningRate: 0.002 },
      schedule: { type: 'cosine', minimumLearningRate: 0 },
    });
    const both = await runCapturedCli(['demo', '--data-dir', data, '--mini'], { registry });
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/--mini.*--data-dir/);
  });
});

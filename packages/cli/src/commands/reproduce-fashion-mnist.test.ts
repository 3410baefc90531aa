import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIdxFixture } from '../test-support/idx-fixture';
import { type CapturedRun, FORCED_CPU_REPORT, runCapturedCli } from '../test-support/captured-cli';

let root = '';
const data: Record<number, string> = {};
beforeAll(async () => {
  process.env.LOWRES_BACKEND = 'cpu';
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-reproduce-fashion-'));
  // The smallest images each shrunk run takes: VGG-16 (smallInput) 16×16, Inception-v3 (smallInput) 21×21, BagNet-33 33×33 after ×2.
  for (const side of [16, 22, 18]) {
    data[side] = join(root, `idx-${side}`);
    await mkdir(data[side]);
    await writeIdxFixture(data[side], 12, 4, side);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function cli(argv: string[]): Promise<CapturedRun> {
  return runCapturedCli(argv, {}, (run) => expectNoTensorLeaks(run, `lowres ${argv.slice(0, 2).join(' ')}`));
}

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

describe("lowres reproduce: the LR-Net paper's Table II on Fashion-MNIST", () => {
  it.each([
    { recipe: 'vgg16-fashion-mnist', classifier: 'vgg16', side: 16, paper: '74\\.20', shrink: ['--classifier-option', 'hiddenUnits=8'], microBatch: 4 },
    { recipe: 'inception-v3-fashion-mnist', classifier: 'inception-v3', side: 22, paper: '94\\.44', shrink: [], microBatch: undefined },
  ])('$recipe runs shrunk at its native size under the LR-Net protocol and compares with the paper', async ({ recipe, classifier, side, paper, shrink, microBatch }) => {
    const out = join(root, recipe);
    const split = microBatch === undefined ? [] : ['--micro-batch', String(microBatch)];
    const run = await cli(['reproduce', recipe, '--data-dir', data[side]!, '--epochs', '1', '--limit', '12', ...shrink, ...split, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.backend).toBe(FORCED_CPU_REPORT);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${recipe} \\(seed 0\\): ours \\d+\\.\\d\\d %, paper ${paper} % \\(shrunk run: not comparable\\)`));
    const config = await readJson(join(out, 'config.json'));
    expect(config).toMatchObject({
      mode: 'classifier',
      sr: 'none',
      classifier: { name: classifier, options: { smallInput: true } },
      optimizer: { name: 'adam', learningRate: 0.001 },
      batchSize: 128,
      validationSplit: 0.1,
      earlyStopping: { monitor: 'val_loss', patience: 30, minDelta: 0, restoreBest: true },
      epochs: 1,
      dataset: { name: 'fashion-mnist', dir: data[side] },
    });
    // No resampling: the back end sees the images at their stored size.
    expect((await readJson(join(out, 'pipeline.json'))).input).toEqual({ height: side, width: side, channels: 1 });
    const record = await readJson(join(out, 'reproduction.json'));
    // The paper's batch of 128 goes through batch norm whole unless --micro-batch splits it, which the record says.
    expect(config.microBatchSize).toBe(microBatch);
    expect(record).toMatchObject({ recipe, dataset: 'fashion-mnist', status: 'finished', shrunk: { epochs: 1, limit: 12 }, microBatchSize: microBatch ?? null });
    const splitNote = /micro-batches of 4 \(--micro-batch 4\), so batch norm saw 4 images at a time/;
    expect(record.notes.some((note: string) => splitNote.test(note))).toBe(microBatch !== undefined);
    expect(record.ours).toBeCloseTo((await readJson(join(out, 'test-metrics.json'))).accuracy, 12);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/note: Input: the native 28×28×1 images with `smallInput`/);
  });
});

describe('lowres reproduce: BagNet q = 9 / 17 / 33 on Fashion-MNIST up-scaled ×2', () => {
  it.each([9, 17, 33])('bagnet%i-fashion-mnist up-scales in the model and puts evidence heatmaps in the report', async (patch) => {
    const recipe = `bagnet${patch}-fashion-mnist`;
    const out = join(root, recipe);
    const run = await cli(['reproduce', recipe, '--data-dir', data[18]!, '--epochs', '1', '--limit', '12', '--classifier-option', 'width=0.0625', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${recipe} \\(seed 0\\): ours \\d+\\.\\d\\d %, no published figure \\(shrunk run: not comparable\\)`));
    const config = await readJson(join(out, 'config.json'));
    expect(config).toMatchObject({ sr: { name: 'bicubic', options: { scale: 2 } }, classifier: { name: `bagnet${patch}`, options: { width: 0.0625 } }, batchSize: 100 });
    const record = await readJson(join(out, 'reproduction.json'));
    expect(record).toMatchObject({ recipe, paper: null, differencePoints: null, status: 'finished' });
    const report = await readFile(join(out, 'report.md'), 'utf8');
    // Four test images (the whole shrunk test split), each with its evidence map at the 36×36 the classifier saw, enlarged ×4.
    for (let image = 0; image < 4; image++) {
      expect(report).toMatch(new RegExp(`!\\[BagNet evidence for class \\d \\(image ${image}\\)\\]\\(plots/bagnet-evidence-${image}\\.png\\)`));
    }
    expect((await readdir(join(out, 'plots'))).filter((file) => file.startsWith('bagnet-evidence-'))).toHaveLength(4);
    const png = await readFile(join(out, 'plots', 'bagnet-evidence-0.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([36 * 4, 36 * 4]);
    expect(report).toMatch(/\| test accuracy \| \d+\.\d\d % \| none published \| \|/);
    expect(report).toMatch(/paper figure: none: no paper measured this/);
  });

  it('--list says the BagNet Fashion-MNIST recipes have no published figure', async () => {
    const { code, stdout } = await cli(['reproduce', '--list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/bagnet17-fashion-mnist +BagNet-17 from scratch on Fashion-MNIST up-scaled ×2[^\n]*\n +dataset fashion-mnist; accuracy, no published figure\n/);
    expect(stdout).toMatch(/vgg16-fashion-mnist[^\n]*\n +dataset fashion-mnist; paper: 74\.20 % accuracy\n/);
  });
});

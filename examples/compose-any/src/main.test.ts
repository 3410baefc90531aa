import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main';

describe('compose-any example', () => {
  let out: string;
  let result: Awaited<ReturnType<typeof main>>;

  beforeAll(async () => {
    await initBackend('cpu');
    out = await mkdtemp(join(tmpdir(), 'lowres-compose-example-'));
    result = await expectNoTensorLeaks(() => main(['--tiny', '--backend', 'cpu', '--out', out], () => {}), 'tiny SR × classifier loop');
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('trains every SR front end with every classifier in the mode that suits the front end', () => {
    expect(result.pairs.map((pair) => `${pair.sr}+${pair.classifier}:${pair.mode}`)).toEqual([
      'none+lrnet:classifier',
      'none+bagnet9:classifier',
      'bicubic+lrnet:classifier',
      'bicubic+bagnet9:classifier',
      'racnn+lrnet:end-to-end',
      'racnn+bagnet9:end-to-end',
      'wdsr-a+lrnet:staged',
      'wdsr-a+bagnet9:staged',
    ]);
  });

  it('feeds the classifier 14×14 images without SR and 28×28 after ×2 SR', () => {
    for (const pair of result.pairs) expect(pair.classifierInput).toBe(pair.sr === 'none' ? '14×14' : '28×28');
  });

  it('counts parameters per part: none and bicubic have none, RACNN has 57,281 for grey images', () => {
    const bySr = (name: string) => result.pairs.filter((pair) => pair.sr === name).map((pair) => pair.srParameters);
    expect(bySr('none')).toEqual([0, 0]);
    expect(bySr('bicubic')).toEqual([0, 0]);
    expect(bySr('racnn')).toEqual([57_281, 57_281]);
    expect(bySr('wdsr-a')[0]).toBeGreaterThan(0);
    // The same classifier at the same input size has the same parameters whatever comes before it.
    const lrnetAt28 = result.pairs.filter((pair) => pair.classifier === 'lrnet' && pair.sr !== 'none').map((pair) => pair.classifierParameters);
    expect(new Set(lrnetAt28).size).toBe(1);
  });

  it('scores each pair on the 4 test images', () => {
    for (const pair of result.pairs) {
      expect(pair.test.accuracy * 4).toBeCloseTo(Math.round(pair.test.accuracy * 4), 10);
      expect(pair.test.meanPerClassAccuracy).toBeGreaterThanOrEqual(0);
      expect(pair.test.meanPerClassAccuracy).toBeLessThanOrEqual(1);
      expect(pair.trainSeconds).toBeGreaterThan(0);
    }
  });

  it('writes one trainer run folder per pair, each on the embedded mini set degraded ×2', async () => {
    for (const pair of result.pairs) {
      const config = JSON.parse(await readFile(join(out, `${pair.sr}+${pair.classifier}`, 'config.json'), 'utf8'));
      expect(config).toMatchObject({ dataset: { name: 'fashion-mnist-mini', limit: 4, testLimit: 4 }, lowResolution: { factor: 2 } });
    }
  });

  it('names the field of a bad flag before training', async () => {
    await expect(main(['--batch', '0', '--out', out])).rejects.toThrow(/batchSize/);
    await expect(main(['--classifiers', 'lrnet', '--sr', 'nearest'])).rejects.toThrow(/nearest|sr/);
  });
});

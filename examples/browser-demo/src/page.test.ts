import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { loadExportedPipeline, parsePipelineSamples } from '@lowres/trainer';
import { type Browser, chromium } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from './classify';
import { pluginLayers } from './plugin-layers';
import { trainAndExportTiny } from './test-support/tiny-export';

const CHROMIUM = '/usr/bin/chromium';
const demoDir = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(demoDir, 'test-artifacts');
const SAMPLES = 6;

if (!existsSync(CHROMIUM)) {
  console.warn(`browser-demo: ${CHROMIUM} is absent, so the page test is skipped (install Debian's chromium: apt-get install chromium)`);
}

describe.skipIf(!existsSync(CHROMIUM))('the demo page in headless Chromium', () => {
  let root = '';
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let modelDir = '';
  let url = '';
  let bundleBytes = 0;

  beforeAll(async () => {
    await initBackend('wasm');
    root = await mkdtemp(join(tmpdir(), 'lowres-browser-demo-'));
    const outDir = join(root, 'site');
    let clock = performance.now();
    const lap = (what: string) => {
      console.log(`browser-demo: ${what} took ${((performance.now() - clock) / 1000).toFixed(1)} s`);
      clock = performance.now();
    };
    // publicDir: false — the test serves its own export, not one a developer left in public/model.
    await build({ root: demoDir, logLevel: 'warn', publicDir: false, build: { outDir, emptyOutDir: true } });
    const assets = await readdir(join(outDir, 'assets'));
    for (const file of assets.filter((name) => name.endsWith('.js'))) bundleBytes += (await stat(join(outDir, 'assets', file))).size;
    lap('vite build');
    modelDir = join(outDir, 'model');
    await trainAndExportTiny(join(root, 'run'), modelDir, SAMPLES);
    lap('training + export');
    server = await preview({ root: demoDir, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
    url = server.resolvedUrls!.local[0]!;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    lap('server + Chromium start');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("gives the same probabilities as Node for the same exported model, and shows what it did", async () => {
    const samples = parsePipelineSamples(JSON.parse(await readFile(join(modelDir, 'samples.json'), 'utf8')), 'samples.json');
    const expected = await expectNoTensorLeaks(async () => {
      const pipeline = await loadExportedPipeline(modelDir, { registerLayers: pluginLayers });
      const results = [];
      for (const sample of samples.images) results.push(await classify(pipeline, { ...samples.shape, pixels: Float32Array.from(sample.pixels) }));
      pipeline.model.dispose();
      return results;
    }, 'Node reference');

    const page = await browser!.newPage({ viewport: { width: 1100, height: 560 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url);
    type Api = { lowresDemo: { ready: Promise<unknown>; classifySample(i: number): Promise<{ probabilities: number[]; milliseconds: number; evidence?: unknown }> } };
    const ready = (await page.evaluate(() => (window as unknown as Api).lowresDemo.ready)) as { backend: string; skipped: string[]; samples: number };
    expect(problems).toEqual([]);
    expect(ready.samples).toBe(SAMPLES);

    const timings: number[] = [];
    let largestDifference = 0;
    for (let index = 0; index < SAMPLES; index++) {
      const result = await page.evaluate((i) => (window as unknown as Api).lowresDemo.classifySample(i).then((r) => ({ ...r, evidence: r.evidence !== undefined })), index);
      timings.push(result.milliseconds);
      expect(result.evidence).toBe(true);
      const reference = expected[index]!.probabilities;
      expect(result.probabilities).toHaveLength(reference.length);
      result.probabilities.forEach((p, k) => {
        largestDifference = Math.max(largestDifference, Math.abs(p - reference[k]!));
      });
    }

    // The screenshot shows the first test image: LR input, SR output, BagNet evidence, probabilities.
    await page.evaluate(() => (window as unknown as Api).lowresDemo.classifySample(0));
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'browser-demo.png'), fullPage: true });
    const warm = timings.slice(1);
    const summary = {
      backend: ready.backend,
      skipped: ready.skipped,
      bundleJsBytes: bundleBytes,
      inferenceMilliseconds: { first: timings[0], meanAfterFirst: warm.reduce((a, b) => a + b, 0) / warm.length },
      largestProbabilityDifference: largestDifference,
    };
    await writeFile(join(artifacts, 'browser-demo.json'), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`browser-demo: ${JSON.stringify(summary)}`);
    expect(largestDifference).toBeLessThanOrEqual(1e-3);
    await page.close();
  });
});

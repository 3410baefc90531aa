import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from './browser-bundle';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The browser entry of every library package (trainer: its composition), imported as a user would. */
const ENTRIES = [
  '@lowres/core',
  '@lowres/datasets',
  '@lowres/metrics',
  '@lowres/backbones',
  '@lowres/lrnet',
  '@lowres/bagnet',
  '@lowres/racnn',
  '@lowres/hf-weighted-sr',
  '@lowres/trainer',
];

describe('browser bundles (esbuild --bundle --platform=browser)', () => {
  it.each(ENTRIES)('%s bundles with no Node built-in reaching the bundle', async (name) => {
    const check = await bundleForBrowser(`export * from '${name}';`, here);
    expect(check.errors).toEqual([]);
    expect(check.builtins).toEqual([]);
    expect(check.bytes).toBeGreaterThan(0);
  });

  it("catches a Node entry: @lowres/core's Node-only file IO", async () => {
    const check = await bundleForBrowser(`export { fileSystemIO } from '../../../packages/core/src/io/file-system-io.ts';`, here);
    expect(check.builtins.map((hit) => hit.module)).toEqual(expect.arrayContaining(['node:fs/promises', 'node:path']));
  });
});

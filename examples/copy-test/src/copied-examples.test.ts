import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCopy, runScript } from './install-copy';
import { packPackages, tarballFiles } from './pack-packages';
import { type Project, REPO_ROOT, dependencyClosure, lowresDependencies, workspaceProjects } from './workspace';

/** Examples this check runs: every one with a `smoke` script (the browser demo builds its page instead). */
let examples: Project[] = [];
let root: string;
let tarballs: Map<string, string>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lowres-example-copies-'));
  const packages = await workspaceProjects('packages');
  examples = [...(await workspaceProjects('examples')).values()].filter((example) => example.manifest.scripts?.smoke !== undefined);
  const needed = dependencyClosure(
    examples.flatMap((example) => lowresDependencies(example.manifest)),
    packages,
  );
  tarballs = await packPackages(needed, packages, root);
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('pnpm pack tarballs', () => {
  it('hold the built entry points, the embedded data set and the bin', async () => {
    const datasets = await tarballFiles(tarballs.get('@lowres/datasets')!);
    expect(datasets).toContain('dist/index.js');
    expect(datasets).toContain('data/fashion-mnist-mini/train-images-idx3-ubyte.gz');
    expect(datasets.some((file) => file.startsWith('src/'))).toBe(false);
    const cli = await tarballFiles(tarballs.get('@lowres/cli')!);
    expect(cli).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'bin/lowres.mjs']));
    for (const [name, tarball] of tarballs) {
      expect(await tarballFiles(tarball), name).toContain('dist/index.js');
    }
  });
});

describe('every example, copied out of the monorepo', () => {
  it('has examples with a smoke script', () => {
    expect(examples.map((example) => example.manifest.name)).toContain('@lowres/example-lrnet-fashion-mnist');
  });

  it.each(['lrnet-fashion-mnist', 'compose-any', 'racnn-recipe', 'hf-weighted-sr', 'bagnet-heatmaps'])('%s installs from the tarballs and runs its smoke command', async (name) => {
    const example = examples.find((entry) => entry.dir.endsWith(`examples/${name}`));
    expect(example, `examples/${name} has a smoke script`).toBeDefined();
    const copy = await installCopy(example!.dir, root, tarballs);
    const core = await realpath(join(copy, 'node_modules', '@lowres', 'core'));
    expect(core.startsWith(await realpath(REPO_ROOT))).toBe(false);
    const output = await runScript(copy, 'smoke');
    expect(output).toMatch(/\|.*\|/);
  });
});

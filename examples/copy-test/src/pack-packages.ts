import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Project, REPO_ROOT } from './workspace';

const run = promisify(execFile);

/** The file name `pnpm pack` gives a package's tarball, e.g. lowres-core-0.1.0.tgz. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/** Builds `names` (and what they depend on) through turbo, then packs each into `into`; returns name → tarball path. */
export async function packPackages(names: readonly string[], packages: ReadonlyMap<string, Project>, into: string): Promise<Map<string, string>> {
  await run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only', ...names.map((name) => `--filter=${name}`)], {
    cwd: REPO_ROOT,
    maxBuffer: 64 << 20,
  });
  const tarballs = new Map<string, string>();
  for (const name of names) {
    const { dir, manifest } = packages.get(name)!;
    await run('pnpm', ['pack', '--pack-destination', into], { cwd: dir, maxBuffer: 64 << 20 });
    tarballs.set(name, join(into, tarballName(name, manifest.version)));
  }
  return tarballs;
}

/** The paths inside a tarball (without the leading 'package/'). */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball], { maxBuffer: 64 << 20 });
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^package\//, ''));
}

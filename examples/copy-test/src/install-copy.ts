import { execFile } from 'node:child_process';
import { cp, writeFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { type Manifest, readManifest } from './workspace';

const run = promisify(execFile);

/** Folders of an example that are not part of it: installed and generated files. */
const NOT_COPIED = new Set(['node_modules', 'runs', 'dist', '.turbo']);

/** The manifest with every @lowres/* dependency (direct, and through pnpm overrides transitive) pointing at its tarball. */
export function pointAtTarballs(manifest: Manifest, tarballs: ReadonlyMap<string, string>): Manifest {
  const rewrite = (dependencies: Record<string, string> | undefined) =>
    dependencies &&
    Object.fromEntries(
      Object.entries(dependencies).map(([name, range]) => {
        if (!name.startsWith('@lowres/')) return [name, range];
        const tarball = tarballs.get(name);
        if (!tarball) throw new Error(`${manifest.name} depends on ${name}, which was not packed`);
        return [name, `file:${tarball}`];
      }),
    );
  const overrides = Object.fromEntries([...tarballs].map(([name, tarball]) => [name, `file:${tarball}`]));
  return {
    ...manifest,
    dependencies: rewrite(manifest.dependencies),
    devDependencies: rewrite(manifest.devDependencies),
    pnpm: { ...manifest.pnpm, overrides: { ...manifest.pnpm?.overrides, ...overrides } },
  };
}

/** Copies an example folder into `into`, points it at the tarballs and installs it with pnpm from the store; returns the copy. */
export async function installCopy(exampleDir: string, into: string, tarballs: ReadonlyMap<string, string>): Promise<string> {
  const copy = join(into, basename(exampleDir));
  await cp(exampleDir, copy, {
    recursive: true,
    filter: (source) => !relative(exampleDir, source).split(sep).some((part) => NOT_COPIED.has(part)),
  });
  const manifest = pointAtTarballs(await readManifest(copy), tarballs);
  await writeFile(join(copy, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await run('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile', '--config.auto-install-peers=false'], {
    cwd: copy,
    env: outsideEnv(),
    maxBuffer: 64 << 20,
  });
  return copy;
}

/** The environment of a user's shell: nothing that resolves packages to the monorepo's sources or picks the test suite's backend. */
export function outsideEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _nodeOptions, VITEST: _vitest, VITEST_POOL_ID: _pool, VITEST_WORKER_ID: _worker, LOWRES_BACKEND: _backend, LOWRES_REQUIRE_NATIVE: _native, ...env } = process.env;
  return { ...env, COREPACK_INTEGRITY_KEYS: '0' };
}

/** Runs `pnpm run <script>` in the copy; resolves with its output, rejects with it on a non-zero exit. */
export async function runScript(copy: string, script: string): Promise<string> {
  const { stdout, stderr } = await run('pnpm', ['run', '--silent', script], { cwd: copy, env: outsideEnv(), maxBuffer: 64 << 20 });
  return `${stdout}${stderr}`;
}

import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lowres/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedRun, runCapturedCli } from './test-support/captured-cli';
import { writeIdxFixture } from './test-support/idx-fixture';
import { runRegistry } from './test-support/run-plugins';

/** Whether this process may mount a tmpfs (root on Linux); the tests below need one. */
function canMount(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = join(tmpdir(), `lowres-mount-probe-${process.pid}`);
  try {
    execFileSync('mkdir', ['-p', probe]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe]);
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('rm', ['-rf', probe]);
  }
}

const mountable = canMount();
if (!mountable) console.warn('file-system-errors.test.ts: skipped (needs root to mount a read-only and a full tmpfs)');

let root = '';
let data = '';
const mounts: string[] = [];
beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-cli-fs-'));
  data = join(root, 'data');
  await mkdir(data);
  await writeIdxFixture(data, 16, 8);
});
afterAll(async () => {
  for (const mount of mounts) execFileSync('umount', [mount]);
  await rm(root, { recursive: true, force: true });
});

async function tmpfs(name: string, options: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir);
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

const cli = (argv: string[]): Promise<CapturedRun> => runCapturedCli(argv, { registry: runRegistry });

describe.skipIf(!mountable)('file-system failures are typed errors naming the path', () => {
  it('a read-only file system', async () => {
    const mount = await tmpfs('read-only', 'size=1m,ro');
    const out = join(mount, 'run');
    const { code, stderr } = await cli(['train', '--classifier', 'normed', '--dataset', data, '--epochs', '1', '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toBe(`error [FILE_SYSTEM]: ${out}: cannot create the directory: the file system is read-only (EROFS)\n`);
  });

  it('a full disk at the first checkpoint, leaving no temporary directory', async () => {
    const mount = await tmpfs('full', 'size=256k');
    const out = join(mount, 'run');
    const { code, stderr } = await cli(['train', '--classifier', 'wide', '--dataset', data, '--epochs', '1', '--batch', '8', '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toBe(`error [FILE_SYSTEM]: ${out}/checkpoints/phase00-step000000002: cannot write: no space left on the device (ENOSPC)\n`);
    expect(await readdir(join(out, 'checkpoints'))).toEqual([]);
    expect(await readdir(out)).not.toContain('.lowres.lock');
  });
});

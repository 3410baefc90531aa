import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execPath } from 'node:process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunDirectoryInUseError } from '../errors';
import { openRunDirectory } from './run-directory';
import { LOCK_FILE, lockRunDirectory } from './run-lock';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lowres-rundir-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('run directory lock', () => {
  it('refuses a second holder while the first is alive, and frees the directory on release', async () => {
    const dir = join(root, 'locked');
    await mkdir(dir);
    const release = await lockRunDirectory(dir);
    await expect(lockRunDirectory(dir)).rejects.toThrow(RunDirectoryInUseError);
    await expect(lockRunDirectory(dir)).rejects.toThrow(new RegExp(`process ${process.pid}`));
    await release();
    expect(await readdir(dir)).toEqual([]);
    await (await lockRunDirectory(dir))();
  });

  it('takes over the lock of a process that is gone', async () => {
    const dir = join(root, 'stale');
    await mkdir(dir);
    const finished = spawnSync(execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const { hostname } = await import('node:os');
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: Number(finished.stdout), host: hostname(), since: 'earlier' }));
    const release = await lockRunDirectory(dir);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await release();
  });

  it("refuses another host's lock unless the caller takes it over (a sweep worker holding the job)", async () => {
    const dir = join(root, 'other-host');
    await mkdir(dir);
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'machine-a', since: 'earlier' }));
    await expect(lockRunDirectory(dir)).rejects.toThrow(/process 1 on machine-a/);
    const release = await lockRunDirectory(dir, { takeOver: true });
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await release();
  });
});

describe('openRunDirectory', () => {
  it('refuses a fresh run into a directory holding a run unless resumed or overwritten', async () => {
    const dir = join(root, 'held');
    await mkdir(join(dir, 'checkpoints', 'phase00-step000000004'), { recursive: true });
    await writeFile(join(dir, 'config.json'), '{}');
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await expect(openRunDirectory(dir, { resume: false, overwrite: false })).rejects.toThrow(/already holds a run.*--resume.*--overwrite/);
    // The refused attempt released its lock.
    expect(await readdir(dir)).not.toContain(LOCK_FILE);
    const resumed = await openRunDirectory(dir, { resume: true, overwrite: false });
    await resumed.clear();
    expect(await readdir(dir)).toContain('config.json');
    await resumed.release();
    const replaced = await openRunDirectory(dir, { resume: false, overwrite: true });
    expect(replaced.heldRun).toBe(true);
    await replaced.clear();
    expect((await readdir(dir)).sort()).toEqual([LOCK_FILE, 'notes.txt']);
    await replaced.release();
  });

  it('names the path when the directory cannot be created', async () => {
    await writeFile(join(root, 'a-file'), 'x');
    await expect(openRunDirectory(join(root, 'a-file', 'run'), { resume: false, overwrite: false })).rejects.toMatchObject({
      code: 'FILE_SYSTEM',
      reason: 'ENOTDIR',
      path: join(root, 'a-file', 'run'),
    });
  });
});

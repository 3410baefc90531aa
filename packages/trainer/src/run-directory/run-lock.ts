import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { asFileSystemError } from '@lowres/core';
import { RunDirectoryInUseError } from '../errors';

/** Name of the lock file a running `train` keeps in its run directory. */
export const LOCK_FILE = '.lowres.lock';

interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<LockHolder | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

/**
 * Takes the run directory's lock (an exclusive-create file holding pid and host), so that a second
 * run into the same directory is refused while this one writes it. A lock whose process is gone
 * (killed, crashed) on this host is taken over. Process-based rather than time-based: a training step
 * can block the event loop for longer than any heartbeat interval. `takeOver` replaces any holder,
 * for callers that hold an exclusive lease on the run elsewhere. Returns the release function.
 */
export async function lockRunDirectory(dir: string, options: { takeOver?: boolean } = {}): Promise<() => Promise<void>> {
  const file = join(dir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, JSON.stringify(holder), { flag: 'wx' });
      return async () => {
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw asFileSystemError(error, file) ?? error;
    }
    const current = await readHolder(file);
    const stale = options.takeOver === true || (current !== null && current.host === holder.host && !isAlive(current.pid));
    if ((stale || current === null) && attempt === 0) {
      await rm(file, { force: true });
      continue;
    }
    const who = current ? `process ${current.pid} on ${current.host}, since ${current.since}` : 'another process';
    throw new RunDirectoryInUseError(dir, `is being written by another run (${who}); wait for it to finish or use another --out (lock: ${file})`);
  }
}

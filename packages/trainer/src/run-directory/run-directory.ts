import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { asFileSystemError } from '@lowres/core';
import { RunDirectoryInUseError } from '../errors';
import { lockRunDirectory } from './run-lock';

/** Files and folders a run writes into its directory (what `overwrite` removes). */
export const RUN_FILES = [
  'checkpoints',
  'config.json',
  'pipeline.json',
  'metrics.jsonl',
  'metrics.csv',
  'test-metrics.json',
  'report.md',
  'plots',
] as const;

/** A locked run directory. */
export interface RunDirectory {
  readonly dir: string;
  /** Whether the directory held a run when it was opened. */
  readonly heldRun: boolean;
  /** Removes the previous run's files (only when opened with `overwrite`). */
  clear(): Promise<void>;
  /** Releases the lock. */
  release(): Promise<void>;
}

/** mkdir -p whose errors say why: Node reports a recursive mkdir on a read-only file system as ENOENT. */
export async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const failed = (error as NodeJS.ErrnoException).path;
    const cause = (error as NodeJS.ErrnoException).code === 'ENOENT' && failed ? await mkdir(failed).then(() => error, (again: unknown) => again) : error;
    throw asFileSystemError(cause, dir) ?? cause;
  }
}

async function holdsRun(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  if (names.includes('config.json')) return true;
  if (!names.includes('checkpoints')) return false;
  const checkpoints = await readdir(join(dir, 'checkpoints')).catch(() => [] as string[]);
  return checkpoints.length > 0;
}

/**
 * Creates (when needed) and locks a run directory. A fresh run (no `resume`) into a directory that
 * already holds a run is refused unless `overwrite` is set, so an old run is never mixed with or
 * silently destroyed by a new one. File-system failures become FileSystemError naming the path.
 */
export async function openRunDirectory(
  dir: string,
  options: { resume: boolean; overwrite: boolean; takeOverLock?: boolean },
): Promise<RunDirectory> {
  await makeDirectory(dir);
  const release = await lockRunDirectory(dir, { takeOver: options.takeOverLock ?? false });
  try {
    const heldRun = await holdsRun(dir);
    if (heldRun && !options.resume && !options.overwrite) {
      throw new RunDirectoryInUseError(
        dir,
        'already holds a run (config.json, checkpoints); continue it with --resume, replace it with --overwrite, or choose another --out',
      );
    }
    return {
      dir,
      heldRun,
      async clear() {
        if (!options.overwrite || options.resume) return;
        for (const name of RUN_FILES) {
          await rm(join(dir, name), { recursive: true, force: true }).catch((error: unknown) => {
            throw asFileSystemError(error, join(dir, name)) ?? error;
          });
        }
      },
      release,
    };
  } catch (error) {
    await release();
    throw error;
  }
}

import { access } from 'node:fs/promises';

/** Whether a file or folder exists (and is reachable). */
export async function pathExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** The first of `files` that exists, or undefined when none does. */
export async function firstExistingPath(files: readonly string[]): Promise<string | undefined> {
  for (const file of files) if (await pathExists(file)) return file;
  return undefined;
}

import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { DatasetFormatError, DatasetNotFoundError } from '@lowres/core';
import * as tar from 'tar';

const REGULAR_FILES: ReadonlySet<string> = new Set(['File', 'OldFile', 'ContiguousFile']);

/** What a node-tar error code means for the archive, in the words of our errors. */
function problem(code: string, message: string, destination: string): string {
  if (code === 'TAR_ENTRY_INVALID') return `corrupt tar header (${message})`;
  if (code === 'TAR_BAD_ARCHIVE') return message.includes('Truncated') ? `truncated archive (${message})` : `not a tar archive (${message})`;
  if (message.includes("'..'")) return `an entry would be written outside ${destination} (${message})`;
  return message;
}

/**
 * Extracts the regular files of a tar or tar.gz archive into `destination`, streaming (the archive is
 * never held in memory), with node-tar in strict mode: corrupt headers, truncated archives and entries
 * that would escape `destination` are DatasetFormatErrors naming the archive. Links and other special
 * entries are skipped. Returns the extracted paths relative to `destination`.
 */
export async function extractTar(archive: string, destination: string): Promise<string[]> {
  const extracted: string[] = [];
  await mkdir(destination, { recursive: true });
  try {
    await tar.x({
      file: archive,
      cwd: destination,
      strict: true,
      filter: (entryPath, entry) => {
        const regular = 'type' in entry && REGULAR_FILES.has(entry.type);
        if (regular) extracted.push(path.normalize(entryPath));
        return regular;
      },
    });
  } catch (error) {
    const { code, message, path: missing } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' && missing === archive) throw new DatasetNotFoundError(archive);
    if (code?.startsWith('TAR_') || code?.startsWith('Z_')) {
      throw new DatasetFormatError(archive, problem(code, message, destination), { cause: error });
    }
    throw error;
  }
  return extracted;
}

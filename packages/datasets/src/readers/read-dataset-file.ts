import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetFormatError, DatasetNotFoundError } from '@lowres/core';

const gunzipAsync = promisify(gunzip);

/** Reads a file whole; a missing file becomes a DatasetNotFoundError naming it. */
export async function readDatasetFile(file: string, hint = ''): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetNotFoundError(file, hint);
    throw new DatasetFormatError(file, `cannot be read: ${(error as Error).message}`, { cause: error });
  }
}

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Reads a file and gunzips it when its first bytes are the gzip magic (whatever its name says). */
export async function readMaybeGzipped(file: string, hint = ''): Promise<Uint8Array> {
  const raw = await readDatasetFile(file, hint);
  if (!isGzip(raw)) return raw;
  try {
    return new Uint8Array(await gunzipAsync(raw));
  } catch (error) {
    throw new DatasetFormatError(file, `corrupt gzip data (${(error as Error).message})`, { cause: error });
  }
}

import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DatasetFormatError } from '@lowres/core';
import { readMaybeGzipped } from '../readers/read-dataset-file';

const BLOCK = 512;

function text(bytes: Uint8Array, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end < 0 ? field : field.subarray(0, end));
}

function octal(bytes: Uint8Array, start: number, length: number): number {
  const value = text(bytes, start, length).trim();
  return value === '' ? 0 : Number.parseInt(value, 8);
}

/** Path of a pax extended header's `path` record, if any. */
function paxPath(bytes: Uint8Array): string | undefined {
  const records = new TextDecoder().decode(bytes);
  for (const match of records.matchAll(/\d+ path=([^\n]*)\n/g)) return match[1];
  return undefined;
}

/**
 * Extracts the regular files of a tar or tar.gz archive into `destination` (ustar, GNU long names,
 * pax paths). Header checksums are verified; entries that would escape `destination` are rejected.
 * Returns the extracted paths relative to `destination`.
 */
export async function extractTar(archive: string, destination: string): Promise<string[]> {
  const bytes = await readMaybeGzipped(archive);
  const extracted: string[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number);
    if (sum !== octal(header, 148, 8)) throw new DatasetFormatError(archive, `corrupt tar header at byte ${offset} (checksum mismatch)`);
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] as number);
    const dataStart = offset + BLOCK;
    if (dataStart + size > bytes.length) throw new DatasetFormatError(archive, `truncated: entry at byte ${offset} needs ${size} bytes`);
    const data = bytes.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    const prefix = text(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    if (type !== '0' && type !== '\0') continue; // directories are created on demand; links and others are skipped
    const target = path.resolve(destination, name);
    if (!target.startsWith(path.resolve(destination) + path.sep)) {
      throw new DatasetFormatError(archive, `entry '${name}' would be written outside ${destination}`);
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, data);
    extracted.push(path.relative(destination, target));
  }
  return extracted;
}

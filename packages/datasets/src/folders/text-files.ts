import { readFile } from 'node:fs/promises';
import { DatasetFormatError, DatasetNotFoundError } from '@lowres/core';

/** Non-empty trimmed lines of a text file; a missing file is a DatasetNotFoundError naming it. */
export async function readLines(file: string, hint = ''): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetNotFoundError(file, hint);
    throw new DatasetFormatError(file, `cannot be read (${(error as Error).message})`, { cause: error });
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Splits `line` on whitespace (or `separator`) and checks it has at least `fields` parts. */
export function fields(line: string, count: number, file: string, lineNumber: number, separator: RegExp = /\s+/): string[] {
  const parts = line.split(separator);
  if (parts.length < count) throw new DatasetFormatError(file, `line ${lineNumber}: expected ${count} fields, got '${line}'`);
  return parts;
}

/** Parses a number field, failing with the file and line on anything else. */
export function numberField(text: string, file: string, lineNumber: number): number {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw new DatasetFormatError(file, `line ${lineNumber}: '${text}' is not a number`);
  return value;
}

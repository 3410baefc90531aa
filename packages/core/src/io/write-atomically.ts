import { rename, writeFile } from 'node:fs/promises';

/** Writes a file through a sibling temporary file and a rename, so a reader (or a killed process) never sees it half written. */
export async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}

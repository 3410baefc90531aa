import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asFileSystemError } from '@lowres/core';
import { CheckpointCorruptError } from './errors';

/** One stored array: model weight, optimizer slot, or extra optimizer state. */
export interface StoredArray {
  readonly group: 'model' | 'optimizer' | 'optimizer-extra';
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly data: Float32Array | Int32Array;
}

/** The JSON half of a checkpoint. */
export interface CheckpointManifest<S = unknown> {
  readonly format: 'lowres-checkpoint';
  /** 2: `manifestSha256` covers this manifest too; 1 (older runs): only weights.bin is checksummed. */
  readonly version: 1 | 2;
  readonly createdAt: string;
  readonly byteLength: number;
  readonly sha256: string;
  readonly arrays: { group: StoredArray['group']; name: string; shape: number[]; dtype: StoredArray['dtype']; offset: number; length: number }[];
  /** Trainer state: phase, epoch, step, RNG state, config, history. */
  readonly state: S;
  /** SHA-256 of this manifest's JSON without this field (version 2). */
  readonly manifestSha256?: string;
}

/** SHA-256 of a manifest's JSON text with `manifestSha256` left out. */
function manifestDigest(manifest: CheckpointManifest<unknown>): string {
  const { manifestSha256: _digest, ...rest } = manifest;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

/** File names inside a checkpoint directory. */
export const MANIFEST_FILE = 'manifest.json';
/** Binary weights file inside a checkpoint directory. */
export const WEIGHTS_BIN_FILE = 'weights.bin';

let temporaryCounter = 0;

/**
 * Writes arrays + state to `dir` atomically: everything goes to a sibling temporary directory which
 * is renamed into place, so a killed process leaves either the old checkpoint or the new one.
 */
export async function writeCheckpoint<S>(dir: string, arrays: readonly StoredArray[], state: S): Promise<void> {
  let byteLength = 0;
  const entries = arrays.map((array) => {
    const entry = {
      group: array.group,
      name: array.name,
      shape: [...array.shape],
      dtype: array.dtype,
      offset: byteLength,
      length: array.data.length,
    };
    byteLength += array.data.byteLength;
    return entry;
  });
  const buffer = Buffer.alloc(byteLength);
  arrays.forEach((array, index) => {
    const bytes = Buffer.from(array.data.buffer, array.data.byteOffset, array.data.byteLength);
    bytes.copy(buffer, entries[index]!.offset);
  });
  const unsigned: CheckpointManifest<S> = {
    format: 'lowres-checkpoint',
    version: 2,
    createdAt: new Date().toISOString(),
    byteLength,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    arrays: entries,
    state,
  };
  const manifest = { ...unsigned, manifestSha256: manifestDigest(unsigned) };
  temporaryCounter += 1;
  const temporary = `${dir}.tmp-${process.pid}-${temporaryCounter}`;
  await rm(temporary, { recursive: true, force: true });
  try {
    await mkdir(temporary, { recursive: true });
    await writeFile(join(temporary, WEIGHTS_BIN_FILE), buffer);
    await writeFile(join(temporary, MANIFEST_FILE), JSON.stringify(manifest));
  } catch (error) {
    // A full disk or a read-only file system: leave no half-written directory behind.
    await rm(temporary, { recursive: true, force: true }).catch(() => {});
    throw asFileSystemError(error, dir) ?? error;
  }
  const previous = `${dir}.old-${process.pid}-${temporaryCounter}`;
  let replaced = false;
  try {
    await rename(dir, previous);
    replaced = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw asFileSystemError(error, dir) ?? error;
  }
  await rename(temporary, dir).catch((error: unknown) => {
    throw asFileSystemError(error, dir) ?? error;
  });
  if (replaced) await rm(previous, { recursive: true, force: true });
}

/** Reads and verifies a checkpoint (manifest present, size and SHA-256 match); throws CheckpointCorruptError. */
export async function readCheckpoint<S>(dir: string): Promise<{ manifest: CheckpointManifest<S>; arrays: StoredArray[] }> {
  let manifest: CheckpointManifest<S>;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as CheckpointManifest<S>;
  } catch (error) {
    throw new CheckpointCorruptError(dir, `cannot read ${MANIFEST_FILE} (${(error as Error).message})`);
  }
  if (manifest?.format !== 'lowres-checkpoint' || (manifest.version !== 1 && manifest.version !== 2) || !Array.isArray(manifest.arrays)) {
    throw new CheckpointCorruptError(dir, `${MANIFEST_FILE} is not a lowres checkpoint manifest`);
  }
  if (manifest.version === 2 && manifestDigest(manifest) !== manifest.manifestSha256) {
    throw new CheckpointCorruptError(dir, `${MANIFEST_FILE} checksum mismatch (content altered)`);
  }
  let buffer: Buffer;
  try {
    buffer = await readFile(join(dir, WEIGHTS_BIN_FILE));
  } catch (error) {
    throw new CheckpointCorruptError(dir, `cannot read ${WEIGHTS_BIN_FILE} (${(error as Error).message})`);
  }
  if (buffer.byteLength !== manifest.byteLength) {
    throw new CheckpointCorruptError(dir, `${WEIGHTS_BIN_FILE} has ${buffer.byteLength} bytes, manifest says ${manifest.byteLength} (truncated?)`);
  }
  const digest = createHash('sha256').update(buffer).digest('hex');
  if (digest !== manifest.sha256) {
    throw new CheckpointCorruptError(dir, `${WEIGHTS_BIN_FILE} checksum mismatch (content altered)`);
  }
  const arrays = manifest.arrays.map((entry): StoredArray => {
    if (!Number.isInteger(entry.offset) || !Number.isInteger(entry.length) || entry.offset < 0 || entry.offset + entry.length * 4 > buffer.byteLength) {
      throw new CheckpointCorruptError(dir, `array ${entry.name} lies outside ${WEIGHTS_BIN_FILE}`);
    }
    const bytes = buffer.subarray(entry.offset, entry.offset + entry.length * 4);
    const copy = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(copy).set(bytes);
    const data = entry.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy);
    return { group: entry.group, name: entry.name, shape: entry.shape, dtype: entry.dtype, data };
  });
  return { manifest, arrays };
}

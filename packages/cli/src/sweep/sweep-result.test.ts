import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointCorruptError, FileSystemError } from '@lowres/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_RESULT_FILE, readSweepResult, readSweepResults } from './sweep-result';

describe('readSweepResult', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lowres-sweep-result-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads a finished run, gives null for an unfinished one, and names a result file it cannot use', async () => {
    const finished = join(root, 'run-a');
    await mkdir(finished);
    await writeFile(join(finished, SWEEP_RESULT_FILE), JSON.stringify({ id: 'run-a', accuracy: 0.9 }));
    expect(await readSweepResult(finished)).toEqual({ id: 'run-a', accuracy: 0.9 });
    const unfinished = join(root, 'run-b');
    await mkdir(unfinished);
    expect(await readSweepResult(unfinished)).toBeNull();
    expect(await readSweepResult(join(root, 'never-started'))).toBeNull();
    expect((await readSweepResults(root)).map((result) => result.id)).toEqual(['run-a']);

    const truncated = join(root, 'run-c');
    await mkdir(truncated);
    await writeFile(join(truncated, SWEEP_RESULT_FILE), '{"id": "run-c", "accu');
    const corrupt = readSweepResult(truncated);
    await expect(corrupt).rejects.toBeInstanceOf(CheckpointCorruptError);
    await expect(corrupt).rejects.toThrow(/run-c\/sweep-result\.json is unusable: not valid JSON .*delete it to train the run again/);
    await expect(readSweepResults(root)).rejects.toThrow(/run-c\/sweep-result\.json/);

    const unreadable = join(root, 'run-d');
    await mkdir(join(unreadable, SWEEP_RESULT_FILE), { recursive: true });
    await expect(readSweepResult(unreadable)).rejects.toBeInstanceOf(FileSystemError);
    await expect(readSweepResult(unreadable)).rejects.toThrow(/run-d\/sweep-result\.json: .*EISDIR/);
  });
});

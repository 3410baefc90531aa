import { mkdir, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSystemError, asFileSystemError } from './file-system-error';

describe('asFileSystemError', () => {
  it('names the path, the operation and the reason of a system error', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lowres-fs-'));
    await writeFile(join(root, 'file'), 'x');
    const error = await mkdir(join(root, 'file', 'run'), { recursive: true }).catch((caught: unknown) => caught);
    const typed = asFileSystemError(error);
    expect(FileSystemError.isInstance(typed)).toBe(true);
    expect(typed?.code).toBe('FILE_SYSTEM');
    expect(typed?.reason).toBe('ENOTDIR');
    expect(typed?.message).toMatch(/file.*ENOTDIR/);
  });

  it('leaves other errors alone and keeps typed ones', () => {
    expect(asFileSystemError(new Error('plain'))).toBeNull();
    expect(asFileSystemError('text')).toBeNull();
    const typed = new FileSystemError('/x', 'ENOSPC', 'write');
    expect(asFileSystemError(typed)).toBe(typed);
    expect(typed.message).toBe('/x: cannot write: no space left on the device (ENOSPC)');
  });
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DatasetFormatError, DatasetNotFoundError } from '@lowres/core';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import { tarEntry } from '../test-fixtures/tar-writer';
import { extractTar } from './extract-tar';

describe('extractTar', () => {
  it('extracts regular files of a tar.gz, creating folders', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lowres-tar-'));
    const archive = path.join(dir, 'a.tar.gz');
    const big = Buffer.from(Array.from({ length: 1300 }, (_, i) => i % 251));
    writeFileSync(archive, gzipSync(Buffer.concat([tarEntry('x/one.txt', Buffer.from('hello')), tarEntry('x/y/two.bin', big), Buffer.alloc(1024)])));
    const out = path.join(dir, 'out');
    expect(await extractTar(archive, out)).toEqual([path.join('x', 'one.txt'), path.join('x', 'y', 'two.bin')]);
    expect(readFileSync(path.join(out, 'x', 'one.txt'), 'utf8')).toBe('hello');
    expect(readFileSync(path.join(out, 'x', 'y', 'two.bin')).equals(big)).toBe(true);
  });

  it('rejects corrupt headers, truncated entries and paths escaping the destination', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lowres-tar-'));
    const corrupt = tarEntry('a.txt', Buffer.from('abc'));
    corrupt[0] = 'b'.charCodeAt(0);
    const file = path.join(dir, 'corrupt.tar');
    writeFileSync(file, corrupt);
    await expect(extractTar(file, path.join(dir, 'o'))).rejects.toThrow(DatasetFormatError);
    await expect(extractTar(file, path.join(dir, 'o'))).rejects.toThrow(/corrupt\.tar: corrupt tar header/);
    const truncated = path.join(dir, 'truncated.tar');
    writeFileSync(truncated, tarEntry('a.txt', Buffer.alloc(2000)).subarray(0, 1024));
    await expect(extractTar(truncated, path.join(dir, 'o'))).rejects.toThrow(/truncated/);
    const evil = path.join(dir, 'evil.tar');
    writeFileSync(evil, tarEntry('../escape.txt', Buffer.from('x')));
    await expect(extractTar(evil, path.join(dir, 'o'))).rejects.toThrow(/outside/);
  });

  it('keeps long (pax) names, skips symbolic links, and names a missing or non-tar archive', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lowres-tar-'));
    const source = path.join(dir, 'source');
    const long = path.join('images', 'a'.repeat(120), 'b'.repeat(60), 'c.txt');
    mkdirSync(path.join(source, path.dirname(long)), { recursive: true });
    writeFileSync(path.join(source, long), 'deep');
    symlinkSync('/etc/passwd', path.join(source, 'images', 'link'));
    const archive = path.join(dir, 'made-by-tar.tgz');
    await tar.c({ gzip: true, file: archive, cwd: source }, ['images']);
    const out = path.join(dir, 'out');
    expect(await extractTar(archive, out)).toEqual([long]);
    expect(readFileSync(path.join(out, long), 'utf8')).toBe('deep');
    expect(existsSync(path.join(out, 'images', 'link'))).toBe(false);

    const missing = path.join(dir, 'absent.tar');
    await expect(extractTar(missing, out)).rejects.toSatisfy((error) => DatasetNotFoundError.isInstance(error) && error.file === missing);
    const text = path.join(dir, 'text.tar');
    writeFileSync(text, 'not an archive at all, just a few words');
    await expect(extractTar(text, out)).rejects.toThrow(/text\.tar: not a tar archive/);
  });
});

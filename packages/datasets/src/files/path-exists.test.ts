import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstExistingPath, pathExists } from './path-exists';

describe('pathExists / firstExistingPath', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lowres-exists-'));
  const file = path.join(dir, 'present.bin');
  writeFileSync(file, 'x');
  const missing = path.join(dir, 'missing.bin');

  it('tells files and folders that exist from those that do not', async () => {
    expect(await pathExists(file)).toBe(true);
    expect(await pathExists(dir)).toBe(true);
    expect(await pathExists(missing)).toBe(false);
  });

  it('returns the first existing candidate in order, or undefined', async () => {
    expect(await firstExistingPath([missing, file, dir])).toBe(file);
    expect(await firstExistingPath([dir, file])).toBe(dir);
    expect(await firstExistingPath([missing])).toBeUndefined();
    expect(await firstExistingPath([])).toBeUndefined();
  });
});

import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointCorruptError } from './errors';
import { MANIFEST_FILE, type StoredArray, WEIGHTS_BIN_FILE, readCheckpoint, writeCheckpoint } from './checkpoint-files';
import { CheckpointManager } from './checkpoint-manager';

const dirs: string[] = [];
async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lowres-ckpt-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const arrays = (value: number): StoredArray[] => [
  { group: 'model', name: '0:dense/kernel', shape: [2, 2], dtype: 'float32', data: Float32Array.from([value, 2, 3, 4]) },
  { group: 'optimizer', name: 'iter', shape: [], dtype: 'int32', data: Int32Array.from([value]) },
];

describe('checkpoint files', () => {
  it('round-trips arrays and state', async () => {
    const dir = join(await temporaryDir(), 'one');
    await writeCheckpoint(dir, arrays(7), { step: 7 });
    const loaded = await readCheckpoint<{ step: number }>(dir);
    expect(loaded.manifest.state.step).toBe(7);
    expect(Array.from(loaded.arrays[0]!.data)).toEqual([7, 2, 3, 4]);
    expect(loaded.arrays[1]!.data).toBeInstanceOf(Int32Array);
    expect(Array.from(loaded.arrays[1]!.data)).toEqual([7]);
  });

  it('detects truncation, altered bytes and a missing manifest', async () => {
    const root = await temporaryDir();
    const dir = join(root, 'ckpt');
    await writeCheckpoint(dir, arrays(1), {});
    await truncate(join(dir, WEIGHTS_BIN_FILE), 8);
    await expect(readCheckpoint(dir)).rejects.toThrow(/truncated/);
    await writeCheckpoint(dir, arrays(1), {});
    const bytes = await readFile(join(dir, WEIGHTS_BIN_FILE));
    bytes[3] = (bytes[3] ?? 0) ^ 0xff;
    await writeFile(join(dir, WEIGHTS_BIN_FILE), bytes);
    await expect(readCheckpoint(dir)).rejects.toThrow(/checksum/);
    await expect(readCheckpoint(join(root, 'absent'))).rejects.toSatisfy((error) => CheckpointCorruptError.isInstance(error));
  });

  it('checksums the manifest too: a shifted array offset is rejected', async () => {
    const dir = join(await temporaryDir(), 'ckpt');
    await writeCheckpoint(dir, arrays(1), { step: 1 });
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    manifest.arrays[1].offset -= 4;
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(readCheckpoint(dir)).rejects.toThrow(/manifest\.json checksum mismatch/);
  });

  it('still reads a version-1 checkpoint but rejects arrays outside weights.bin', async () => {
    const dir = join(await temporaryDir(), 'ckpt');
    await writeCheckpoint(dir, arrays(5), { step: 5 });
    const { manifestSha256: _digest, ...manifest } = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, version: 1 }));
    expect(Array.from((await readCheckpoint(dir)).arrays[0]!.data)).toEqual([5, 2, 3, 4]);
    manifest.arrays[1].offset = 64;
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, version: 1 }));
    await expect(readCheckpoint(dir)).rejects.toThrow(/outside weights\.bin/);
  });
});

describe('CheckpointManager', () => {
  it('keeps the last N and falls back past a corrupt newest checkpoint with a warning', async () => {
    const warnings: string[] = [];
    const manager = new CheckpointManager<{ step: number }>(join(await temporaryDir(), 'checkpoints'), 2, (m) => warnings.push(m));
    for (const step of [3, 6, 9]) await manager.save(0, step, arrays(step), { step });
    expect(await manager.list()).toEqual(['phase00-step000000006', 'phase00-step000000009']);
    await truncate(join(manager.root, 'phase00-step000000009', WEIGHTS_BIN_FILE), 5);
    const latest = await manager.loadLatest();
    expect(latest?.manifest.state.step).toBe(6);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/phase00-step000000009.*truncated.*previous checkpoint/);
  });

  it('replaces the best checkpoint atomically and cleans stale temporaries', async () => {
    const manager = new CheckpointManager<{ step: number }>(join(await temporaryDir(), 'checkpoints'), 1, () => {});
    await manager.saveBest(arrays(1), { step: 1 });
    await manager.saveBest(arrays(2), { step: 2 });
    expect((await manager.loadBest())?.manifest.state.step).toBe(2);
    await writeFile(join(manager.root, 'phase00-step000000004.tmp-1-1'), 'partial');
    await manager.removeStaleTemporaries();
    expect(await readdir(manager.root)).toEqual(['best']);
  });
});

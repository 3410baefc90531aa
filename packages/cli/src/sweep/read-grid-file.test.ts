import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGridFile } from './read-grid-file';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lowres-grid-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readGridFile', () => {
  it('reads YAML and JSON grids alike', async () => {
    const yaml = join(dir, 'grid.yaml');
    await writeFile(yaml, 'classifier: lrnet\ndataset:\n  - name: fashion-mnist\n    limit: 10\nseeds: [1, 2]\n');
    const json = join(dir, 'grid.json');
    await writeFile(json, JSON.stringify({ classifier: 'lrnet', dataset: [{ name: 'fashion-mnist', limit: 10 }], seeds: [1, 2] }));
    expect(await readGridFile(yaml)).toEqual(await readGridFile(json));
  });

  it('names the file and what was expected', async () => {
    await expect(readGridFile(join(dir, 'missing.json'))).rejects.toThrow(/'grid'.*cannot read .*missing\.json \(ENOENT\)/);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "classifier": ');
    await expect(readGridFile(broken)).rejects.toThrow(/broken\.json is not valid JSON/);
    const list = join(dir, 'list.yml');
    await writeFile(list, '- lrnet\n');
    await expect(readGridFile(list)).rejects.toThrow(/list\.yml must hold an object/);
  });
});

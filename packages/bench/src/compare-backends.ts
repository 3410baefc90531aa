// BagNet-33 (64×64×3), ResNet-18 (32×32×3) and WDSR-A ×2 on each backend, in one invocation, each
// backend in its own process (wasm fixes its threads per process); prints the native/wasm ratios.
// Usage: pnpm bench:compare [--backends native,wasm] [--threads 2] [--only bagnet33,resnet18,wdsr-a] [--batch 32] [--steps 2]
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { requirePositiveInteger } from '@lowres/core';
import { formatTable } from './table';

interface Row {
  name: string;
  backend: string;
  train: number;
  infer: number;
  microBatch: number;
}

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'native,wasm' },
    threads: { type: 'string', default: '2' },
    only: { type: 'string', default: 'bagnet33,resnet18,wdsr-a' },
    batch: { type: 'string', default: '32' },
    steps: { type: 'string', default: '2' },
  },
});
const threads = requirePositiveInteger('--threads', Number(values.threads));
const here = path.dirname(fileURLToPath(import.meta.url));
const rows: Row[] = [];
for (const backend of values.backends.split(',')) {
  // wasm's 4 GB heap needs micro-batches at these sizes; native trains each batch whole.
  const microBatch = backend === 'wasm' ? '8' : values.batch;
  const args = ['--conditions=@lowres/source', '--import', 'tsx', path.join(here, 'back-ends.ts'), '--json'];
  args.push('--backend', backend, '--threads', String(threads), '--only', values.only, '--batch', values.batch);
  args.push('--micro-batch', microBatch, '--steps', values.steps);
  console.error(`running ${values.only} on ${backend} (${threads} threads)…`);
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, LOWRES_BACKEND: '', LOWRES_THREADS: '' } });
  if (child.status !== 0) {
    console.log(`${backend}: failed (${child.status}): ${child.stderr.trim().split('\n').at(-1)}`);
    continue;
  }
  for (const line of child.stdout.split('\n')) if (line.startsWith('{')) rows.push(JSON.parse(line) as Row);
}
const names = values.only.split(',');
const table = rows.map((row) => {
  const wasm = rows.find((other) => other.name === row.name && other.backend === 'wasm');
  const ratio = (ours: number, theirs: number | undefined) => (theirs ? `${(ours / theirs).toFixed(2)}×` : '-');
  return [row.name, row.backend, String(row.microBatch), row.train.toFixed(2), row.infer.toFixed(2), ratio(row.train, wasm?.train), ratio(row.infer, wasm?.infer)];
});
table.sort((a, b) => names.indexOf(a[0] as string) - names.indexOf(b[0] as string));
console.log(formatTable(['model', 'backend', 'micro-batch', 'train img/s', 'infer img/s', 'train vs wasm', 'infer vs wasm'], table));

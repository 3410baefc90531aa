import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchCase, parseBenchArguments } from './bench-options';
import { type PeerResult, peerUnavailable, runPeer } from './peer';
import { type CaseResult, OUT_OF_MEMORY_EXIT, UNAVAILABLE_EXIT } from './run-case';
import { benchTable } from './table';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs one case in a child process (wasm's thread count is fixed per process); undefined when it ran out of memory. */
function runCase(benchCase: BenchCase): CaseResult | string | undefined {
  const args = [
    '--conditions=@lowres/source',
    '--import',
    'tsx',
    path.join(here, 'run-case.ts'),
    benchCase.backend,
    String(benchCase.threads),
    String(benchCase.batch),
    String(benchCase.steps),
    String(benchCase.warmup),
    String(benchCase.microBatch),
  ];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, LOWRES_BACKEND: '', LOWRES_THREADS: '' } });
  if (child.status === OUT_OF_MEMORY_EXIT) return undefined;
  if (child.status === UNAVAILABLE_EXIT) return child.stderr.trim().split('\n').at(-1) ?? 'unavailable';
  const line = child.stdout.split('\n').find((text) => text.startsWith('{'));
  if (child.status !== 0 || !line) throw new Error(`case ${JSON.stringify(benchCase)} failed:\n${child.stderr}`);
  return JSON.parse(line) as CaseResult;
}

function main(): void {
  const options = parseBenchArguments(process.argv.slice(2));
  const cases: BenchCase[] = options.backends.flatMap((backend) =>
    options.threads.map((threads) => ({
      backend,
      threads,
      batch: options.batch,
      microBatch: backend === 'native' ? options.batch : Math.min(options.batch, options.microBatch),
      steps: options.steps,
      warmup: 1,
    })),
  );
  if (options.cpu) {
    cases.push({ backend: 'cpu', threads: 1, batch: options.cpuBatch, microBatch: options.cpuBatch, steps: options.cpuSteps, warmup: 0 });
  }
  const results: CaseResult[] = [];
  const notes: string[] = [];
  for (const benchCase of cases) {
    // A training step keeps every forward and backward tensor of its micro-batch alive; when
    // that exceeds the backend's memory (wasm: a 4 GB heap) the micro-batch is halved and the
    // case retried, so the batch itself stays what was asked.
    for (let microBatch = benchCase.microBatch; microBatch >= 1; microBatch = Math.floor(microBatch / 2)) {
      const label = `${benchCase.backend} × ${benchCase.threads} thread(s), batch ${benchCase.batch} (micro-batch ${microBatch})`;
      console.error(`running ${label}, ${benchCase.steps} step(s)…`);
      const result = runCase({ ...benchCase, microBatch });
      if (typeof result === 'string') {
        notes.push(`${benchCase.backend} skipped: ${result}`);
        break;
      }
      if (result) {
        results.push(result);
        break;
      }
      notes.push(`${label} ran out of memory`);
    }
  }
  const peers: PeerResult[] = [];
  const unavailable = options.peer ? peerUnavailable() : 'skipped (--no-peer)';
  if (unavailable === undefined) {
    for (const threads of options.threads) {
      console.error(`running the PyTorch peer with ${threads} thread(s)…`);
      peers.push(runPeer(threads));
    }
  }
  console.log(benchTable(results, peers));
  for (const note of notes) console.log(`note: ${note}`);
  if (unavailable) console.log(`PyTorch peer: ${unavailable}`);
  for (const note of new Set(results.flatMap((result) => (result.note ? [result.note] : [])))) {
    console.log(`note: @lowres/lrnet could not be used (${note}); benchmarked the bench package's copy of the spec`);
  }
}

main();

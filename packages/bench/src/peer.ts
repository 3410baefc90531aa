import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/** The PyTorch peer's figures (it always runs batch 128 of 28×28×1). */
export interface PeerResult {
  threads: number;
  trainImagesPerSecond: number;
  inferImagesPerSecond: number;
  /** Peak resident memory of the peer process (MiB). */
  peakRssMebibytes?: number;
}

/** Python with PyTorch (Debian's python3-torch lives in the system interpreter). */
export const PEER_PYTHON = process.env.LOWRES_BENCH_PYTHON ?? '/usr/bin/python3';
/** The peer script: /work/shared/bench/lrnet_torch.py unless LOWRES_BENCH_PEER points elsewhere. */
export const PEER_SCRIPT = process.env.LOWRES_BENCH_PEER ?? '/work/shared/bench/lrnet_torch.py';

/**
 * glibc settings the peer runs with: freed memory stays in the heap instead of going back to the
 * kernel. Without them PyTorch page-faults its large tensors in again every step; on a 2-core AMD EPYC
 * (Linux 6.18) that made the peer train at 17 instead of 50 images/s, a handicap our engine, which
 * pools its buffers, does not carry. `LOWRES_BENCH_PEER_GLIBC_TUNABLES` replaces them ('' for glibc's defaults).
 */
export const PEER_GLIBC_TUNABLES = 'glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736';

/** The peer's environment: this process's, with the glibc settings above (or their override). */
export function peerEnvironment(environment: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const tunables = environment.LOWRES_BENCH_PEER_GLIBC_TUNABLES ?? PEER_GLIBC_TUNABLES;
  const { GLIBC_TUNABLES: _inherited, ...rest } = environment;
  return tunables === '' ? rest : { ...rest, GLIBC_TUNABLES: tunables };
}

/** Why the peer cannot run here, or undefined when it can. */
export function peerUnavailable(): string | undefined {
  if (!fs.existsSync(PEER_SCRIPT)) return `peer script ${PEER_SCRIPT} not found (set LOWRES_BENCH_PEER)`;
  const probe = spawnSync(PEER_PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${PEER_PYTHON} cannot import torch`;
  return undefined;
}

/** Reads "train img/s N" and "infer img/s N" from the peer's output. */
export function parsePeerOutput(output: string, threads: number): PeerResult {
  const figure = (label: string): number => {
    const match = new RegExp(`${label} img/s\\s+([0-9.]+)`).exec(output);
    if (!match) throw new Error(`peer output has no "${label} img/s" line:\n${output}`);
    return Number(match[1]);
  };
  const rss = /peak rss KiB\s+([0-9]+)/.exec(output);
  return {
    threads,
    trainImagesPerSecond: figure('train'),
    inferImagesPerSecond: figure('infer'),
    ...(rss ? { peakRssMebibytes: Number(rss[1]) / 1024 } : {}),
  };
}

// Runs the peer script as __main__ and then prints the process's peak resident memory.
const PEER_WITH_PEAK_RSS =
  'import resource, runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__"); ' +
  'print("peak rss KiB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)';

/** Runs the peer with `threads` torch threads. */
export function runPeer(threads: number): PeerResult {
  const run = spawnSync(PEER_PYTHON, ['-c', PEER_WITH_PEAK_RSS, PEER_SCRIPT, String(threads)], { encoding: 'utf8', env: peerEnvironment() });
  if (run.status !== 0) throw new Error(`peer failed (${run.status}): ${run.stderr}`);
  return parsePeerOutput(run.stdout, threads);
}

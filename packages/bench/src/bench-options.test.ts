import { InvalidArgumentError } from '@lowres/core';
import { describe, expect, it } from 'vitest';
import { parseBenchArguments } from './bench-options';
import { PEER_GLIBC_TUNABLES, parsePeerOutput, peerEnvironment } from './peer';
import { benchTable } from './table';

describe('bench command line', () => {
  it('defaults to batch 128 on native and wasm with 1 and 2 threads, cpu and the peer', () => {
    expect(parseBenchArguments([])).toEqual({
      batch: 128,
      microBatch: 64,
      steps: 3,
      cpuSteps: 1,
      cpuBatch: 8,
      cpu: true,
      peer: true,
      threads: [1, 2],
      backends: ['native', 'wasm'],
    });
    expect(parseBenchArguments(['--backends', 'wasm']).backends).toEqual(['wasm']);
  });

  it('reads flags with separate or inline values', () => {
    const options = parseBenchArguments(['--batch', '32', '--micro-batch', '8', '--steps=3', '--threads', '1,2,4', '--no-cpu', '--no-peer']);
    expect(options).toMatchObject({ batch: 32, microBatch: 8, steps: 3, threads: [1, 2, 4], cpu: false, peer: false });
  });

  it('rejects unknown flags and bad numbers with typed errors', () => {
    expect(() => parseBenchArguments(['--batchsize', '3'])).toThrow(InvalidArgumentError);
    expect(() => parseBenchArguments(['--batch', '0'])).toThrow(/--batch/);
    expect(() => parseBenchArguments(['--micro-batch', '0'])).toThrow(/--micro-batch/);
    expect(() => parseBenchArguments(['--threads', '1,x'])).toThrow(/--threads/);
    expect(() => parseBenchArguments(['--backends', 'native,gpu'])).toThrow(/--backends/);
  });
});

describe('bench report', () => {
  it('runs the peer with freed memory kept in the heap unless told otherwise', () => {
    expect(peerEnvironment({ PATH: '/usr/bin' })).toEqual({ PATH: '/usr/bin', GLIBC_TUNABLES: PEER_GLIBC_TUNABLES });
    expect(peerEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=1' }).GLIBC_TUNABLES).toBe(PEER_GLIBC_TUNABLES);
    expect(peerEnvironment({ LOWRES_BENCH_PEER_GLIBC_TUNABLES: 'glibc.malloc.arena_max=1' }).GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=1');
    expect(peerEnvironment({ GLIBC_TUNABLES: 'x', LOWRES_BENCH_PEER_GLIBC_TUNABLES: '' })).not.toHaveProperty('GLIBC_TUNABLES');
  });

  it('parses the peer output', () => {
    expect(parsePeerOutput('params 1028234\ntrain img/s 10.5\ninfer img/s 23.9\n', 2)).toEqual({
      threads: 2,
      trainImagesPerSecond: 10.5,
      inferImagesPerSecond: 23.9,
    });
    expect(parsePeerOutput('train img/s 1\ninfer img/s 2\npeak rss KiB 2048\n', 1).peakRssMebibytes).toBe(2);
    expect(() => parsePeerOutput('params 1\n', 1)).toThrow(/train img\/s/);
  });

  it('prints a row per case and each backend/peer ratio per thread count', () => {
    const text = benchTable(
      [
        { model: 'LR-Net (x)', backend: 'native', threads: 2, batch: 128, microBatch: 128, trainImagesPerSecond: 30, inferImagesPerSecond: 90, peakRssMebibytes: 1000 },
        { model: 'LR-Net (x)', backend: 'wasm', threads: 2, batch: 128, microBatch: 64, trainImagesPerSecond: 10, inferImagesPerSecond: 30 },
      ],
      [{ threads: 2, trainImagesPerSecond: 20, inferImagesPerSecond: 60, peakRssMebibytes: 500 }],
    );
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^model\s+backend\s+threads\s+batch\s+micro-batch\s+train img\/s\s+infer img\/s\s+peak RSS MiB$/);
    expect(lines[2]).toMatch(/^LR-Net \(x\)\s+native\s+2\s+128\s+128\s+30\.0\s+90\.0\s+1000$/);
    expect(lines[4]).toMatch(/PyTorch peer/);
    expect(lines[5]).toBe('native/peer, 2 thread(s): train 1.50×, infer 1.50×, peak RSS 2.00×');
    expect(lines[6]).toBe('wasm/peer, 2 thread(s): train 0.50×, infer 0.50×');
  });
});

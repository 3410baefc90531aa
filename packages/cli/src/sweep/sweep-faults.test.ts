import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@lowres/core';
import { expectNoTensorLeaks } from '@lowres/core/testing';
import { type Registry, train } from '@lowres/trainer';
import { defaultRegistry } from '../registry/default-registry';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImageData } from '../load-data';
import { runCapturedCli } from '../test-support/captured-cli';
import { type TestRedis, redisServerAvailable, startTestRedis } from '../test-support/redis-server';
import type { SweepRun } from './expand-grid';
import { redisConnection } from './redis-connection';
import { openSweepQueue } from './sweep-queue';
import { type SweepResult, readSweepResults } from './sweep-result';
import { startSweepWorker } from './sweep-worker';

const here = fileURLToPath(new URL('.', import.meta.url));
const repositoryRoot = resolve(here, '../../../..');
const cliEntry = resolve(here, '../cli.ts');
const registry: Registry = defaultRegistry;
const available = redisServerAvailable();
if (!available) console.warn('sweep fault tests skipped: redis-server is not installed (apt-get install redis-server; scripts/setup.sh does it as root)');

/** 6 tiny runs: {none on 7×7, bicubic ×2 on 14×14} × LR-Net at 1/8 width × 3 seeds, 120 images, 2 epochs of 6 steps. */
const GRID = `
sr:
  - none
  - name: bicubic
    options: { scale: 2 }
classifier:
  name: lrnet
  options: { width: 0.125, blocks: 1, head: [16], dropout: 0 }
dataset:
  name: fashion-mnist-mini
  limit: 120
  testLimit: 40
degradation: { factor: 4 }
hyperParameters:
  epochs: 2
  batchSize: 20
  checkpoint: { everySteps: 2 }
seeds: [1, 2, 3]
`;

interface WorkerProcess {
  child: ChildProcess;
  output: string;
  exited: Promise<number | null>;
}

function spawnWorker(url: string, runs: string, onLine: (line: string, worker: WorkerProcess) => void): WorkerProcess {
  // node itself (not the tsx wrapper), so that SIGKILL reaches the worker.
  const child = spawn(process.execPath, ['--conditions', '@lowres/source', '--import', 'tsx', cliEntry, 'worker', '--queue', url, '--runs', runs, '--stall-seconds', '5'], {
    cwd: repositoryRoot,
    env: { ...process.env, LOWRES_BACKEND: 'cpu' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker: WorkerProcess = { child, output: '', exited: new Promise((done) => child.once('exit', (code) => done(code))) };
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    worker.output += chunk.toString();
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line, worker);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    worker.output += chunk.toString();
  });
  return worker;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 300));
  }
}

/** One tiny LR-Net run on 7×7 images (the mini Fashion-MNIST degraded ×4) with these data limits and hyper-parameters. */
function tinyGrid(limit: number, hyperParameters: Record<string, unknown>): string {
  return JSON.stringify({
    classifier: { name: 'lrnet', options: { width: 0.125, blocks: 1, head: [8], dropout: 0 } },
    dataset: { name: 'fashion-mnist-mini', limit, testLimit: 20 },
    degradation: { factor: 4 },
    hyperParameters,
  });
}

/** An output stream that keeps what is written to it. */
function collectedOutput(): { text: string; write(text: string): void } {
  return {
    text: '',
    write(text: string) {
      this.text += text;
    },
  };
}

describe.skipIf(!available)('sweeps on BullMQ (redis-server on 127.0.0.1)', () => {
  let redis: TestRedis;
  let root = '';
  const queues: Queue<SweepRun>[] = [];
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    process.env.LOWRES_BACKEND = 'cpu';
    await initBackend('cpu');
    redis = await startTestRedis();
    root = await mkdtemp(join(tmpdir(), 'lowres-sweep-'));
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    for (const queue of queues) await queue.close();
    await redis?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('a run whose loss turns NaN fails with its error after at most --attempts tries', async () => {
    const url = `${redis.url}/1`;
    const grid = join(root, 'diverging.json');
    await writeFile(grid, tinyGrid(40, { epochs: 1, batchSize: 20, optimizer: { name: 'adam', learningRate: 1e30 } }));
    const submitted = await runCapturedCli(['sweep', grid, '--queue', url, '--attempts', '2'], { registry });
    expect(submitted.stderr).toBe('');
    expect(submitted.stdout).toMatch(/1 runs in .*: 1 enqueued, 0 already in the queue/);
    const runs = join(root, 'diverging-runs');
    await mkdir(runs);
    const queue = openSweepQueue(redisConnection(url));
    queues.push(queue);
    const output = collectedOutput();
    // Failed attempts leave no tensors behind in the long-lived worker.
    await expectNoTensorLeaks(async () => {
      const worker = startSweepWorker({ connection: redisConnection(url), runs, registry, output, stallSeconds: 5, name: 'in-process' });
      try {
        await waitFor('the diverging job to fail', async () => (await queue.getJobCounts('failed')).failed === 1, 60_000);
      } finally {
        await worker.stop();
      }
    }, 'a worker running a diverging job twice');
    const [job] = await queue.getJobs(['failed']);
    expect(job!.failedReason).toMatch(/Training diverged at step \d+: the loss is not finite/);
    expect(job!.attemptsMade).toBe(2);
    expect(output.text.match(/failed \(attempt \d of 2\)/g)).toHaveLength(2);
    const status = await runCapturedCli(['sweep', 'status', '--queue', url], { registry });
    expect(status.stdout).toMatch(/queued 0 {2}running 0 {2}done 0 {2}failed 1/);
    expect(status.stdout).toMatch(/in-process: running 0 {2}done 0 {2}failed 1/);
    expect(status.stdout).toMatch(/failed run-[0-9a-f]{16} after 2 attempt\(s\): Training diverged/);
  }, 120_000);

  it('worker --drain trains every queued run, then exits 0 by itself', async () => {
    const url = `${redis.url}/3`;
    const grid = join(root, 'drained.json');
    await writeFile(grid, JSON.stringify({ ...JSON.parse(tinyGrid(40, { epochs: 1, batchSize: 20 })), seeds: [1, 2] }));
    expect((await runCapturedCli(['sweep', grid, '--queue', url], { registry })).stdout).toMatch(/2 runs in .*: 2 enqueued/);
    const runs = join(root, 'drained-runs');
    const worker = await runCapturedCli(['worker', '--queue', url, '--runs', runs, '--drain', '--stall-seconds', '5'], { registry });
    expect(worker.stderr).toBe('');
    expect(worker.code).toBe(0);
    expect(worker.stdout).toMatch(/exits when the queue is drained[\s\S]*stopped: no job left to run/);
    expect(worker.stdout).toMatch(/epoch \d+ +loss/);
    const status = await runCapturedCli(['sweep', 'status', '--queue', url], { registry });
    expect(status.stdout).toMatch(/queued 0 {2}running 0 {2}done 2 {2}failed 0/);
    expect((await runCapturedCli(['sweep', 'report', '--runs', runs, '--grid', grid], { registry })).stdout).toMatch(/^2 finished runs of 2 in /);

    // The queue lost (a new Redis on a new machine), the same grid goes in again: its finished runs are not trained again.
    const results = await readSweepResults(runs);
    const fresh = `${redis.url}/4`;
    expect((await runCapturedCli(['sweep', grid, '--queue', fresh], { registry })).stdout).toMatch(/2 runs in .*: 2 enqueued/);
    const again = await runCapturedCli(['worker', '--queue', fresh, '--runs', runs, '--drain', '--stall-seconds', '5'], { registry });
    expect(again.code).toBe(0);
    expect(again.stdout.match(/finished before: .*sweep-result\.json holds its result, not trained again/g)).toHaveLength(2);
    expect(again.stdout).not.toMatch(/epoch \d+ +loss/);
    expect(await readSweepResults(runs)).toEqual(results);
    expect((await runCapturedCli(['sweep', 'status', '--queue', fresh], { registry })).stdout).toMatch(/queued 0 {2}running 0 {2}done 2 {2}failed 0/);
  }, 120_000);

  it('stopping a worker mid-run checkpoints the run and puts its job back in the queue, and the next worker resumes it', async () => {
    const url = `${redis.url}/2`;
    const grid = join(root, 'stoppable.json');
    await writeFile(grid, tinyGrid(120, { epochs: 3, batchSize: 10, checkpoint: { everySteps: 4 } }));
    expect((await runCapturedCli(['sweep', grid, '--queue', url], { registry })).code).toBe(0);
    const runs = join(root, 'stoppable-runs');
    await mkdir(runs);
    const queue = openSweepQueue(redisConnection(url));
    queues.push(queue);
    const output = collectedOutput();
    // A job stopped mid-run leaves no tensors behind.
    await expectNoTensorLeaks(async () => {
      const first = startSweepWorker({ connection: redisConnection(url), runs, registry, output, stallSeconds: 5, name: 'first' });
      await waitFor('a checkpoint', async () => /checkpoint at step/.test(output.text), 60_000);
      await first.stop();
    }, 'a worker stopped mid-job');
    const [job] = await queue.getJobs(['waiting']);
    expect(job, output.text).toBeDefined();
    expect(job!.attemptsMade).toBe(0);
    const stoppedAt = Number(/worker first stopping: checkpoint at step (\d+), job back in the queue/.exec((await queue.getJobLogs(job!.id!)).logs.join('\n'))![1]);
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(36);

    // A finished job leaves no tensors behind in a long-lived worker.
    await expectNoTensorLeaks(async () => {
      const second = startSweepWorker({ connection: redisConnection(url), runs, registry, output, stallSeconds: 5, name: 'second' });
      try {
        await waitFor('the run to finish', async () => (await queue.getJobCounts('completed')).completed === 1, 120_000);
      } finally {
        await second.stop();
      }
    }, 'a worker running one job');
    expect((await queue.getJobLogs(job!.id!)).logs).toContain(`resumed from ${join(runs, job!.id!, 'checkpoints', `phase00-step${String(stoppedAt).padStart(9, '0')}`)} at step ${stoppedAt}`);
  }, 240_000);

  it('3 workers, one SIGKILLed mid-run and Redis restarted: every run finishes, as a single process would have trained it', async () => {
    const grid = join(root, 'grid.yaml');
    await writeFile(grid, GRID);
    const runs = join(root, 'runs');
    await mkdir(runs);
    const submitted = await runCapturedCli(['sweep', grid, '--queue', redis.url], { registry });
    expect(submitted.stderr).toBe('');
    expect(submitted.stdout).toMatch(/6 runs in .*: 6 enqueued, 0 already in the queue/);
    const again = await runCapturedCli(['sweep', grid, '--queue', redis.url], { registry });
    expect(again.stdout).toMatch(/6 runs in .*: 0 enqueued, 6 already in the queue/);

    let killed: { run: string; step: number; pid: number } | null = null;
    const onLine = (line: string, worker: WorkerProcess) => {
      const match = /^\[(run-[0-9a-f]{16})\] \[classifier\] checkpoint at step (\d+)/.exec(line);
      if (match && !killed) {
        killed = { run: match[1]!, step: Number(match[2]), pid: worker.child.pid! };
        worker.child.kill('SIGKILL');
      }
    };
    for (let i = 0; i < 3; i++) workers.push(spawnWorker(redis.url, runs, onLine));
    await waitFor('a worker to write a checkpoint', async () => killed !== null, 120_000);
    const victim = killed as unknown as { run: string; step: number; pid: number };
    expect(await workers.find((worker) => worker.child.pid === victim.pid)!.exited).toBeNull();
    await redis.restart();

    const queue = openSweepQueue(redisConnection(redis.url));
    queues.push(queue);
    await waitFor(
      'all 6 runs to finish',
      async () => {
        const counts = await queue.getJobCounts('completed', 'failed');
        if (counts.failed) throw new Error(`a job failed:\n${workers.map((worker) => worker.output).join('\n')}`);
        return counts.completed === 6;
      },
      240_000,
    );

    // The killed run went to another worker, which resumed it from a checkpoint and logged from which step.
    const { logs } = await queue.getJobLogs(victim.run);
    const resumes = logs.map((line) => /^resumed from .*phase00-step\d+ at step (\d+)$/.exec(line)).filter((match) => match !== null);
    expect(resumes.length, logs.join('\n')).toBeGreaterThan(0);
    expect(Number(resumes[0]![1])).toBeGreaterThanOrEqual(victim.step);
    const victimResult = JSON.parse(await readFile(join(runs, victim.run, 'sweep-result.json'), 'utf8')) as SweepResult;
    expect(victimResult.resumedAtStep).toBe(Number(resumes.at(-1)![1]));
    expect(victimResult.worker).not.toMatch(new RegExp(`:${victim.pid}$`));

    // Each run's final metrics equal a single-process run of the same config and seed.
    const jobs = await queue.getJobs(['completed']);
    const data = await loadImageData({ dataset: 'fashion-mnist-mini', limit: 120, testLimit: 40 });
    for (const job of jobs) {
      const swept = JSON.parse(await readFile(join(runs, job.id!, 'test-metrics.json'), 'utf8'));
      const single = await expectNoTensorLeaks(async () => {
        const result = await train({ ...job.data.config, outDir: join(root, 'single', job.id!) }, { data, registry, progress: null });
        result.pipeline.model.dispose();
        return result.test!;
      }, `single-process ${job.id}`);
      expect({ id: job.id, accuracy: swept.accuracy, loss: swept.loss, perClass: swept.meanPerClassAccuracy, predictions: swept.predictions }).toEqual({
        id: job.id,
        accuracy: single.accuracy,
        loss: single.loss,
        perClass: single.meanPerClassAccuracy,
        predictions: Array.from(single.predictions),
      });
    }

    const status = await runCapturedCli(['sweep', 'status', '--queue', redis.url], { registry });
    expect(status.stdout).toMatch(/queued 0 {2}running 0 {2}done 6 {2}failed 0/);
    const survivors = workers.filter((worker) => worker.child.pid !== victim.pid).map((worker) => `:${worker.child.pid}`);
    const connected = /workers connected: (.*)\n/.exec(status.stdout)![1]!.split(', ');
    expect(connected.map((name) => name.slice(name.lastIndexOf(':'))).sort()).toEqual(survivors.sort());

    const report = await runCapturedCli(['sweep', 'report', '--runs', runs], { registry });
    expect(report.stdout).toMatch(/^6 finished runs; wrote .*leaderboard\.md/);
    const markdown = await readFile(join(runs, 'leaderboard.md'), 'utf8');
    for (const job of jobs) expect(markdown).toContain(`| ${job.id} |`);
    expect((await readFile(join(runs, 'leaderboard.csv'), 'utf8')).trim().split('\n')).toHaveLength(7);
    expect((await readFile(join(runs, 'accuracy-flops.svg'), 'utf8')).match(/<circle /g)).toHaveLength(2);

    // SIGTERM: idle workers leave cleanly.
    const alive = workers.filter((worker) => worker.child.pid !== victim.pid);
    for (const worker of alive) worker.child.kill('SIGTERM');
    expect(await Promise.all(alive.map((worker) => worker.exited))).toEqual([130, 130]);
    expect(existsSync(join(runs, victim.run, 'checkpoints'))).toBe(true);
  }, 420_000);
});

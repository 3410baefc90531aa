import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The `lowres` bin as setup installs it (node_modules/.bin at the repository root), spawned as a real process.
const lowres = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../node_modules/.bin/lowres');
let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lowres-signals-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `lowres …`; once stdout shows `trigger`, calls `act` with the process (once). */
function run(args: string[], trigger?: RegExp, act?: (child: ChildProcess) => void): Promise<Finished> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(lowres, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let acted = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!acted && trigger?.test(stdout)) {
        acted = true;
        act?.(child);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

const trainArgs = (out: string) => [
  'train', '--classifier', 'lrnet', '--classifier-option', 'width=0.25', '--dataset', 'fashion-mnist-mini',
  '--limit', '48', '--epochs', '1', '--batch', '8', '--checkpoint-every', '2', '--seed', '1', '--out', out,
];

describe('SIGINT / SIGTERM through the lowres bin', () => {
  it('Ctrl-C checkpoints at the next step and prints the resume command, which finishes the run', async () => {
    const out = join(root, 'interrupted');
    const stopped = await run(trainArgs(out), /checkpoint at step 2:/, (child) => child.kill('SIGINT'));
    expect(stopped.stderr).toMatch(/received SIGINT: stopping at the next step boundary/);
    expect(stopped.code, stopped.stderr).toBe(130);
    const step = stopped.stderr.match(/stopped at step (\d+); checkpoint: (\S+)\n/);
    expect(step, stopped.stderr).not.toBeNull();
    expect(existsSync(step![2]!)).toBe(true);
    expect(stopped.stderr).toContain(`resume with: lowres train --out ${out} --resume\n`);
    const resumed = await run(['train', '--out', out, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`resumed from .*step0*${step![1]} at step ${step![1]}`));
    expect(resumed.stdout).toMatch(/test accuracy \d+\.\d\d %/);
  }, 120_000);

  it('a wrapper passing Ctrl-C on as SIGTERM while the terminal sends SIGINT too is still one graceful stop', async () => {
    const out = join(root, 'doubled');
    const stopped = await run(trainArgs(out), /checkpoint at step 2:/, (child) => {
      child.kill('SIGTERM');
      child.kill('SIGINT');
    });
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/stopped at step \d+; checkpoint: \S+phase00-step\d+\nresume with:/);
  }, 120_000);
});

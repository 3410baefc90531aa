import { spawn } from 'node:child_process';
import { mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execPath } from 'node:process';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@lowres/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointManager, WEIGHTS_BIN_FILE, type CheckpointState } from '@lowres/engine';
import { resumeConfig, resumeData, resumeRegistry } from '../test-support/resume-fixture';
import { train } from './train';

const here = fileURLToPath(new URL('.', import.meta.url));
const child = resolve(here, '../test-support/resume-child.ts');
let root = '';

beforeAll(async () => {
  await initBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'lowres-resume-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Starts the child and SIGKILLs it as soon as it reports the checkpoint at `killAt`. */
function runAndKill(outDir: string, killAt: number): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    // node --import tsx, not the tsx CLI: the CLI is a parent process, and SIGKILL would leave its child training.
    const process = spawn(execPath, ['--conditions', '@lowres/source', '--import', 'tsx', child, outDir, String(killAt)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    process.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`checkpoint ${killAt}\n`)) process.kill('SIGKILL');
    });
    process.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    process.on('error', reject);
    process.on('exit', (_code, signal) => resolvePromise({ signal, output }));
  });
}

const weightsOf = (result: Awaited<ReturnType<typeof train>>) => result.pipeline.model.getWeights().map((w) => Array.from(w.dataSync()));

describe('kill and resume', () => {
  it('a run SIGKILLed mid-epoch and resumed ends with the same weights as an uninterrupted run', async () => {
    const killedDir = join(root, 'killed');
    const { signal, output } = await runAndKill(killedDir, 8);
    expect(signal, output).toBe('SIGKILL');
    expect(output).not.toContain('finished');
    const manager = new CheckpointManager<CheckpointState>(join(killedDir, 'checkpoints'), 2, () => {});
    const latest = await manager.loadLatest();
    // 18 steps, 6 per epoch: the checkpoint at step 8 lies after the 2nd step of the second epoch.
    expect(latest?.manifest.state).toMatchObject({ globalStep: 8, epoch: 1, stepInEpoch: 2 });

    const resumed = await train({ ...resumeConfig, outDir: killedDir }, { registry: resumeRegistry, data: resumeData(), progress: null, resume: true });
    expect(resumed.resumedFrom).toMatch(/phase00-step000000008$/);
    const uninterrupted = await train({ ...resumeConfig, outDir: join(root, 'straight') }, { registry: resumeRegistry, data: resumeData(), progress: null });
    expect(weightsOf(resumed)).toEqual(weightsOf(uninterrupted));
    expect(resumed.history).toEqual(uninterrupted.history);
  });

  it('falls back to the previous checkpoint, with a warning, when the newest is truncated', async () => {
    const dir = join(root, 'corrupt');
    await train({ ...resumeConfig, epochs: 1, outDir: dir }, { registry: resumeRegistry, data: resumeData(), progress: null });
    const manager = new CheckpointManager<CheckpointState>(join(dir, 'checkpoints'), 2, () => {});
    const names = await manager.list();
    expect(names).toEqual(['phase00-step000000004', 'phase00-step000000006']);
    await truncate(join(manager.root, names[1]!, WEIGHTS_BIN_FILE), 100);
    const warnings: string[] = [];
    const lines: string[] = [];
    const resumed = await train(
      { ...resumeConfig, epochs: 1, outDir: dir },
      { registry: resumeRegistry, data: resumeData(), progress: { write: (text) => void lines.push(text) }, resume: true, warn: (m) => warnings.push(m) },
    );
    expect(warnings.join('\n')).toMatch(/phase00-step000000006.*truncated/);
    expect(resumed.resumedFrom).toMatch(/phase00-step000000004$/);
    // Said before training goes on, so a long run's log shows where it picked up.
    expect(lines[0]).toMatch(/^resumed from .*phase00-step000000004 at step 4\n$/);
    const straight = await train({ ...resumeConfig, epochs: 1, outDir: join(root, 'straight-1') }, { registry: resumeRegistry, data: resumeData(), progress: null });
    expect(weightsOf(resumed)).toEqual(weightsOf(straight));
  });
});

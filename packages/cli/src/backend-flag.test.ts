import { initBackend, probeBackends } from '@lowres/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_OPTIONS, parseCommandLine } from './parse-args';
import { FORCED_CPU_REPORT, runCapturedCli } from './test-support/captured-cli';

// Software Vulkan (lavapipe) on CI; the webgpu doctor check is skipped where Dawn finds no adapter.
const webgpu = (await probeBackends({ forced: 'webgpu' })).find((probe) => probe.backend === 'webgpu');

const COMPUTING_COMMANDS = ['train', 'eval', 'upscale', 'export', 'bench', 'reproduce', 'demo', 'worker', 'doctor'] as const;

beforeAll(async () => {
  await initBackend('cpu');
});
afterEach(() => {
  delete process.env.LOWRES_BACKEND;
});

describe('--backend', () => {
  it('is accepted by every command that computes', () => {
    for (const command of COMPUTING_COMMANDS) {
      expect(COMMAND_OPTIONS[command], command).toHaveProperty('backend');
      expect(parseCommandLine([command, '--backend', 'cpu']).values.backend, command).toBe('cpu');
    }
  });

  it('rejects an unknown backend, listing the known ones', async () => {
    const { code, stderr } = await runCapturedCli(['bench', '--classifier', 'lrnet', '--input', '8x8x1', '--backend', 'cuda']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/BACKEND_UNAVAILABLE.*Backend 'cuda' is not available: unknown backend name\. Known backends: tensorflow, webgpu, native, wasm, cpu\./);
  });

  it('names the reason when the forced backend is not installed here', async () => {
    const { code, stderr } = await runCapturedCli(['doctor', '--backend', 'tensorflow']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Backend 'tensorflow' is not available: @tensorflow\/tfjs-node-gpu: not installed; @tensorflow\/tfjs-node: not installed/);
  });
});

describe('lowres doctor', () => {
  it('lists every backend with its reason, and checks a training step on the forced one against cpu', async () => {
    const { code, stdout, stderr } = await runCapturedCli(['doctor', '--backend', 'cpu']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('backends, in the automatic order:');
    expect(lines.slice(1, 6).map((line) => line.trim().split(' ')[0])).toEqual(['tensorflow', 'webgpu', 'native', 'wasm', 'cpu']);
    expect(stdout).toMatch(/^ {2}cpu {8}usable on the CPU: pure JavaScript, always available$/m);
    expect(stdout).toContain(`forced: ${FORCED_CPU_REPORT.replace('backend: ', '')}`);
    expect(stdout).toMatch(/training step on cpu: loss \d\.\d{6} \(cpu \d\.\d{6}, relative difference 0\.0e\+0\), \d+ ms/);
    expect(stdout).toMatch(/ran on the GPU: no \(cpu computes on the CPU\)/);
  });

  it('says when no GPU backend is usable and training would run on the CPU', async () => {
    const probes = await probeBackends();
    const gpu = probes.some((probe) => probe.available && probe.device === 'gpu');
    const { code, stdout } = await runCapturedCli(['doctor']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^automatic choice: \w+ on the (CPU|GPU)/m);
    if (gpu) expect(stdout).toMatch(/ran on the GPU: yes/);
    else expect(stdout).toMatch(/GPU: none usable here, so training runs on the CPU \((native|tensorflow|wasm|cpu)\)/);
  });

  it.skipIf(!webgpu?.available)('runs the step on webgpu and says whether the adapter is a real GPU', async () => {
    const { code, stdout } = await runCapturedCli(['doctor', '--backend', 'webgpu']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/training step on webgpu: loss \d\.\d{6} \(cpu \d\.\d{6}, relative difference \d\.\de[-+]\d\)/);
    const expected = webgpu?.available && webgpu.device === 'gpu' ? /ran on the GPU: yes \(WebGPU adapter .* is a hardware GPU\)/ : /ran on the GPU: no \(WebGPU adapter .* is a software renderer on the CPU\)/;
    expect(stdout).toMatch(expected);
  });
});

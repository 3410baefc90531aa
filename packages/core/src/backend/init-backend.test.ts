import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError, InvalidArgumentError } from '../errors';
import { fakeDawn, fakeImporter, registerStandInBackend, removeStandIns } from './backend-test-support';
import { backendReport, initBackend, probeBackends } from './init-backend';

const BINDING_ERROR =
  'The Node.js native addon module (tfjs_binding.node) can not be found at path: /app/node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v8/tfjs_binding.node. \n' +
  "Please run command 'npm rebuild @tensorflow/tfjs-node-gpu' to rebuild the native addon module. \n" +
  'If you have problem with building the addon module, please check https://github.com/tensorflow/tfjs/blob/master/tfjs-node/WINDOWS_TROUBLESHOOTING.md or file an issue.';

const H200 = { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H200' };
const LLVMPIPE = { vendor: 'mesa', architecture: 'software', device: 'llvmpipe', description: 'llvmpipe: Mesa 25.0.7', isFallbackAdapter: true };

function webgpuModules(info: typeof H200 | typeof LLVMPIPE): Record<string, () => unknown> {
  return {
    webgpu: () => fakeDawn(info),
    '@tensorflow/tfjs-backend-webgpu': () => registerStandInBackend('webgpu'),
  };
}

describe('initBackend', () => {
  beforeAll(() => {
    delete process.env.LOWRES_BACKEND;
  });
  afterEach(removeStandIns);

  it('initialises wasm when forced and reports why', async () => {
    expect(await initBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(backendReport()?.reason).toMatch(/^forced; .*tfjs-backend-wasm.*; \d+ thread\(s\), SIMD on$/);
    expect(backendReport()).toMatchObject({ device: 'cpu', simd: true, fastKernels: true, gradientOverrides: true });
  });

  it('rejects a thread count that is not a positive integer', async () => {
    await expect(initBackend('wasm', { threads: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(initBackend('wasm', { threads: 1.5 })).rejects.toThrow(/options.threads/);
  });

  it('initialises cpu when forced', async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(backendReport()).toMatchObject({ backend: 'cpu', device: 'cpu', threads: 1, simd: false, fastKernels: true });
  });

  it('rejects an unknown name with a list of the known ones', async () => {
    await expect(initBackend('cuda')).rejects.toThrow(BackendUnavailableError);
    await expect(initBackend('cuda')).rejects.toThrow(/tensorflow, webgpu, native, wasm, cpu/);
  });

  it('says each optional package is not installed, and falls through to wasm', async () => {
    const importer = fakeImporter({});
    await expect(initBackend('tensorflow', { importer })).rejects.toThrow(
      /@tensorflow\/tfjs-node-gpu: not installed; @tensorflow\/tfjs-node: not installed/,
    );
    await expect(initBackend('native', { importer })).rejects.toThrow(/@lowres\/native: not installed/);
    await expect(initBackend('webgpu', { importer })).rejects.toThrow(/webgpu: not installed \(npm install webgpu/);
    expect(await initBackend(undefined, { importer })).toBe('wasm');
    expect(backendReport()?.skipped.map((entry) => entry.backend)).toEqual(['tensorflow', 'webgpu', 'native']);
  });

  it('names a missing binding and keeps its fix hint, without loading tfjs-node on top of it', async () => {
    const importer = fakeImporter({
      '@tensorflow/tfjs-node-gpu': () => {
        // tfjs-node registers its kernels before it loads the binding.
        tf.registerKernel({ kernelName: 'Square', backendName: 'tensorflow', kernelFunc: () => ({}) as tf.TensorInfo });
        throw new Error(BINDING_ERROR);
      },
      '@tensorflow/tfjs-node': () => registerStandInBackend('tensorflow'),
    });
    try {
      const reason = await initBackend('tensorflow', { importer }).catch((error: Error) => error.message);
      expect(reason).toContain('@tensorflow/tfjs-node-gpu: The Node.js native addon module (tfjs_binding.node) can not be found');
      expect(reason).toContain("Please run command 'npm rebuild @tensorflow/tfjs-node-gpu'");
      expect(reason).toContain('WINDOWS_TROUBLESHOOTING.md');
      expect(reason).toContain('pnpm approve-builds');
      expect(reason).toMatch(/@tensorflow\/tfjs-node: not tried/);
      expect(importer.imported).not.toContain('@tensorflow/tfjs-node');
    } finally {
      tf.unregisterKernel('Square', 'tensorflow');
    }
  });

  it('reports tfjs-node-gpu without a GPU as the CPU engine it is, after the GPU backends', async () => {
    const importer = fakeImporter({
      '@tensorflow/tfjs-node-gpu': () => registerStandInBackend('tensorflow', { isUsingGpuDevice: false }),
    });
    expect(await initBackend(undefined, { importer })).toBe('tensorflow');
    const report = backendReport();
    expect(report).toMatchObject({ backend: 'tensorflow', device: 'cpu' });
    expect(report?.reason).toBe('@tensorflow/tfjs-node-gpu loaded but TensorFlow found no GPU (needs CUDA 11.2 + cuDNN 8.1)');
    expect(report?.skipped).toEqual([
      { backend: 'tensorflow', as: 'gpu', reason: `${report?.reason}; ranked as a CPU engine` },
      { backend: 'webgpu', reason: expect.stringMatching(/^webgpu: not installed/) },
      { backend: 'native', reason: '@lowres/native: not installed' },
    ]);
  });

  it('prefers a CPU engine ranked above tensorflow when tfjs-node-gpu finds no GPU', async () => {
    const importer = fakeImporter({
      '@tensorflow/tfjs-node-gpu': () => registerStandInBackend('tensorflow', { isUsingGpuDevice: false }),
      '@lowres/native': () => registerStandInBackend('native'),
    });
    expect(await initBackend(undefined, { importer })).toBe('native');
    expect(backendReport()).toMatchObject({ backend: 'native', device: 'cpu' });
  });

  it("asks @lowres/native to register its engine and passes on why it cannot", async () => {
    const unbuilt = fakeImporter({ '@lowres/native': () => ({ registerNativeBackend: () => ({ ok: false, reason: 'addon not built (run pnpm rebuild @lowres/native)' }) }) });
    await expect(initBackend('native', { importer: unbuilt })).rejects.toThrow(/@lowres\/native: addon not built \(run pnpm rebuild @lowres\/native\)/);
    const built = fakeImporter({
      '@lowres/native': () => ({
        registerNativeBackend: (options: { threads?: number }) => {
          registerStandInBackend('native');
          return { ok: true, onednn: '3.9', isa: 'avx512_core', threads: options.threads ?? 2 };
        },
      }),
    });
    expect(await initBackend(undefined, { importer: built, threads: 3 })).toBe('native');
    expect(backendReport()).toMatchObject({ backend: 'native', device: 'cpu', threads: 3, reason: '@lowres/native is installed (oneDNN 3.9, avx512_core)' });
  });

  it('uses a native backend the application registered itself when core cannot import the package', async () => {
    registerStandInBackend('native');
    expect(await initBackend('native', { importer: fakeImporter({}) })).toBe('native');
    expect(backendReport()?.reason).toMatch(/the 'native' backend is registered/);
  });

  it('chooses tfjs-node-gpu first when TensorFlow reports a GPU', async () => {
    const importer = fakeImporter({
      '@tensorflow/tfjs-node-gpu': () => registerStandInBackend('tensorflow', { isUsingGpuDevice: true }),
      ...webgpuModules(H200),
    });
    expect(await initBackend(undefined, { importer })).toBe('tensorflow');
    expect(backendReport()).toMatchObject({
      backend: 'tensorflow',
      device: 'gpu',
      reason: '@tensorflow/tfjs-node-gpu: TensorFlow reports a GPU device',
      skipped: [],
    });
    expect(importer.imported).not.toContain('webgpu');
  });

  it('chooses webgpu on a hardware adapter and names it', async () => {
    const importer = fakeImporter(webgpuModules(H200));
    expect(await initBackend(undefined, { importer })).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(backendReport()).toMatchObject({ backend: 'webgpu', device: 'gpu', adapter: 'NVIDIA H200 (nvidia, hopper)' });
    expect(backendReport()?.skipped.map((entry) => entry.backend)).toEqual(['tensorflow']);
  });

  it('skips webgpu on a software adapter unless forced, and then reports it as CPU', async () => {
    const importer = fakeImporter(webgpuModules(LLVMPIPE));
    expect(await initBackend(undefined, { importer })).toBe('wasm');
    const skip = backendReport()?.skipped.find((entry) => entry.backend === 'webgpu');
    expect(skip?.reason).toMatch(/llvmpipe: Mesa 25\.0\.7 .*is a software renderer, not a GPU \(LOWRES_BACKEND=webgpu forces it\)/);
    expect(importer.imported).not.toContain('@tensorflow/tfjs-backend-webgpu');

    expect(await initBackend('webgpu', { importer })).toBe('webgpu');
    expect(backendReport()).toMatchObject({ backend: 'webgpu', device: 'cpu', adapter: expect.stringMatching(/\[software\]$/) });
    expect(backendReport()?.reason).toMatch(/^forced; .*computes on the CPU/);
  });

  it('forces a backend through LOWRES_BACKEND', async () => {
    process.env.LOWRES_BACKEND = 'cpu';
    try {
      expect(await initBackend(undefined, { importer: fakeImporter({}) })).toBe('cpu');
      expect(backendReport()?.reason).toMatch(/^forced;/);
    } finally {
      delete process.env.LOWRES_BACKEND;
    }
  });

  it('probes every backend without choosing one', async () => {
    const probes = await probeBackends({ importer: fakeImporter(webgpuModules(LLVMPIPE)) });
    expect(probes.map((probe) => [probe.backend, probe.available])).toEqual([
      ['tensorflow', false],
      ['webgpu', false],
      ['native', false],
      ['wasm', true],
      ['cpu', true],
    ]);
    expect(tf.getBackend()).toBe('cpu');
  });
});

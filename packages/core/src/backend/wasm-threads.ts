import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

// The wasm module is instantiated once per process; later calls reuse it with its thread count.
let started: WasmStart | undefined;

/** What the wasm backend reported after initialisation. */
export interface WasmStart {
  threads: number;
  simd: boolean;
}

/** The subset of the Emscripten pthread registry we touch. */
interface PThreadRegistry {
  unusedWorkers: { unref?: () => void }[];
  runningWorkers: { unref?: () => void }[];
  allocateUnusedWorker: () => void;
}

function wasmPackageDirectory(): string {
  return path.dirname(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')));
}

const WORKER_DIRECTORY_PREFIX = 'lowres-wasm-';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes worker-script folders left by processes that ended without their exit handler (killed). */
function removeStaleWorkerDirectories(): void {
  try {
    for (const name of fs.readdirSync(os.tmpdir())) {
      const match = new RegExp(`^${WORKER_DIRECTORY_PREFIX}(\\d+)-`).exec(name);
      if (match && !processAlive(Number(match[1]))) {
        fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
      }
    }
  } catch {
    // Best effort: a folder we cannot list or remove is left alone.
  }
}

/**
 * Writes the pthread worker script to a file. tfjs-backend-wasm starts its workers from blob: URLs,
 * which Node's worker_threads rejects (ERR_WORKER_PATH), and hands each worker the Emscripten glue
 * as a Blob that the worker turns into a blob: URL again. The file is tfjs' own worker script,
 * preceded by a line that makes the worker load the glue from its file in the package instead.
 */
function writeWorkerScript(packageDirectory: string): string {
  const glue = path.join(packageDirectory, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
  const { wasmWorkerContents } = require(
    path.join(packageDirectory, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js'),
  ) as { wasmWorkerContents: string };
  const script =
    `URL.createObjectURL = () => ${JSON.stringify(glue)}; URL.revokeObjectURL = () => {};\n` +
    // tfjs escapes newlines the same way before it makes its Blob: the contents hold "\n" in strings.
    wasmWorkerContents.replace(/\n/g, '\\n');
  removeStaleWorkerDirectories();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `${WORKER_DIRECTORY_PREFIX}${process.pid}-`));
  const file = path.join(directory, 'tfjs-backend-wasm-threaded-simd.worker.cjs');
  fs.writeFileSync(file, script);
  // Workers may be started later (the pool grows on demand), so the file lives as long as the process.
  process.once('exit', () => fs.rmSync(directory, { recursive: true, force: true }));
  return file;
}

/** Lets the process exit while pthread workers idle (Emscripten keeps them referenced). */
function unrefWorkers(registry: PThreadRegistry): void {
  for (const worker of [...registry.unusedWorkers, ...registry.runningWorkers]) worker.unref?.();
  const allocate = registry.allocateUnusedWorker.bind(registry);
  registry.allocateUnusedWorker = () => {
    allocate();
    registry.unusedWorkers.at(-1)?.unref?.();
  };
}

/**
 * Initialises tfjs-backend-wasm in Node with SIMD and `threads` threads (1 = the single-threaded
 * SIMD build). Works around tfjs' three Node limitations from our side: the multithreading flag
 * that tfjs forces off under Node, the blob: worker URLs, and the thread count capped at half the
 * reported cores (the C++ side divides emscripten_num_logical_cores by two).
 */
export async function startWasm(threads: number): Promise<WasmStart> {
  if (started) {
    if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
    return started;
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const packageDirectory = wasmPackageDirectory();
  wasm.setWasmPaths(`${path.join(packageDirectory, 'dist')}${path.sep}`);
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threaded = simd && threads > 1;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threaded);
  wasm.setThreadsCount(threads);

  const osModule = require('node:os') as typeof os;
  const realCpus = osModule.cpus;
  const realCreateObjectURL = URL.createObjectURL;
  if (threaded) {
    const workerScript = writeWorkerScript(packageDirectory);
    const cpu = realCpus()[0] as os.CpuInfo;
    osModule.cpus = () => Array.from({ length: 2 * threads }, () => cpu);
    URL.createObjectURL = (blob: Blob) =>
      blob.type === 'application/javascript' ? workerScript : realCreateObjectURL(blob);
  }
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
  } finally {
    osModule.cpus = realCpus;
    URL.createObjectURL = realCreateObjectURL;
  }
  const backend = tf.backend() as unknown as { wasm: { PThread?: PThreadRegistry } };
  if (backend.wasm.PThread) unrefWorkers(backend.wasm.PThread);
  started = { threads: wasm.getThreadsCount(), simd };
  return started;
}

import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { backendReport, initBackend } from '@lowres/core';

/** CPU time (ms) of each thread of this process, by thread id (Linux /proc; empty elsewhere). */
function threadCpuMilliseconds(): Map<string, number> {
  const times = new Map<string, number>();
  try {
    for (const id of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks of 10 ms.
      times.set(id, (Number(fields[11]) + Number(fields[12])) * 10);
    }
  } catch {
    // Not Linux: only the totals are reported.
  }
  return times;
}

/**
 * Whether the wasm backend's threads really share XNNPACK's work: times LR-Net's costliest
 * convolution (7×7, 85→18 channels on 28×28 at batch 32) and reports the wall time, the CPU time
 * of the main thread and of the pthread workers wasm started. Run once per thread count (wasm
 * fixes it per process): `thread-scaling.ts 1`, then `thread-scaling.ts 2`.
 */
async function main(): Promise<void> {
  const threads = Number(process.argv[2] ?? '2');
  const repeats = Number(process.argv[3] ?? '5');
  const before = new Set(threadCpuMilliseconds().keys());
  await initBackend('wasm', { threads });
  const x = tf.randomUniform([32, 28, 28, 85]) as tf.Tensor4D;
  const filter = tf.randomUniform([7, 7, 85, 18]) as tf.Tensor4D;
  const run = () => tf.tidy(() => tf.conv2d(x, filter, 1, 'same').dataSync());
  run();
  const start = threadCpuMilliseconds();
  const startTime = performance.now();
  for (let i = 0; i < repeats; i++) run();
  const wall = (performance.now() - startTime) / repeats;
  const end = threadCpuMilliseconds();
  const used = (id: string) => ((end.get(id) ?? 0) - (start.get(id) ?? 0)) / repeats;
  // Threads that did no work in the loop (idle pool workers, helpers) are left out.
  const workers = [...end.keys()].filter((id) => !before.has(id)).map(used).filter((milliseconds) => milliseconds > 0);
  console.log(
    JSON.stringify({
      threads: backendReport()?.threads,
      convMilliseconds: Number(wall.toFixed(1)),
      mainThreadCpuMilliseconds: used(String(process.pid)),
      workerThreadsCpuMilliseconds: workers,
    }),
  );
  tf.dispose([x, filter]);
}

await main();

import * as tf from '@tensorflow/tfjs';

/**
 * A kernel function that runs `cpuKernel` (the cpu backend's reference implementation) on copies
 * of the inputs and writes the outputs back into the calling backend: correct for any backend
 * whose data can be read synchronously (wasm), at the cost of two copies.
 */
export function cpuFallbackKernel(cpuKernel: tf.KernelConfig): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const target = backend as tf.KernelBackend;
    const cpu = tf.findBackend('cpu');
    if (!cpu) throw new Error(`cpu backend is needed to run ${cpuKernel.kernelName} but is not registered`);
    const copies: tf.TensorInfo[] = [];
    const cpuInputs: Record<string, tf.TensorInfo> = {};
    try {
      for (const [name, info] of Object.entries(inputs)) {
        if (!info) continue;
        const copy = { dataId: cpu.write(target.readSync(info.dataId), info.shape, info.dtype), shape: info.shape, dtype: info.dtype };
        copies.push(copy);
        cpuInputs[name] = copy;
      }
      const result = cpuKernel.kernelFunc({ inputs: cpuInputs, backend: cpu, attrs });
      const outputs = Array.isArray(result) ? result : [result];
      copies.push(...outputs);
      const moved = outputs.map((out) => ({
        dataId: target.write(cpu.readSync(out.dataId), out.shape, out.dtype),
        shape: out.shape,
        dtype: out.dtype,
      }));
      return Array.isArray(result) ? moved : (moved[0] as tf.TensorInfo);
    } finally {
      for (const copy of copies) cpu.disposeData(copy.dataId);
    }
  };
}

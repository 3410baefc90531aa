import * as tf from '@tensorflow/tfjs';

/** Inputs of a kernel call, by the kernel's input names. */
export type KernelInputs = Record<string, tf.TensorInfo>;

/**
 * Calls other kernels of one backend directly (no engine, no tape), the way tfjs kernels compose,
 * and tracks every intermediate result so that a composite kernel can free them all at the end.
 */
export class KernelCalls {
  private readonly intermediates: tf.TensorInfo[] = [];

  constructor(
    readonly backendName: string,
    readonly backend: tf.KernelBackend,
  ) {}

  /** Runs `kernelName` on this backend and remembers the result as an intermediate. */
  run(kernelName: string, inputs: KernelInputs, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    const config = tf.getKernel(kernelName, this.backendName);
    if (!config) throw new Error(`kernel ${kernelName} is not registered for backend ${this.backendName}`);
    const out = config.kernelFunc({ inputs, backend: this.backend, attrs });
    if (Array.isArray(out)) throw new Error(`kernel ${kernelName} returned several outputs`);
    this.intermediates.push(out);
    return out;
  }

  /** Removes `info` from the intermediates so that {@link disposeIntermediates} keeps it alive. */
  keep(info: tf.TensorInfo): tf.TensorInfo {
    const index = this.intermediates.indexOf(info);
    if (index >= 0) this.intermediates.splice(index, 1);
    return info;
  }

  /** Frees every intermediate not kept. */
  disposeIntermediates(): void {
    for (const info of this.intermediates.splice(0)) this.backend.disposeData(info.dataId);
  }
}

/** Runs `body` with a fresh {@link KernelCalls}; frees its intermediates whatever happens. */
export function withKernelCalls(
  backendName: string,
  backend: unknown,
  body: (calls: KernelCalls) => tf.TensorInfo,
): tf.TensorInfo {
  const calls = new KernelCalls(backendName, backend as tf.KernelBackend);
  try {
    return calls.keep(body(calls));
  } finally {
    calls.disposeIntermediates();
  }
}

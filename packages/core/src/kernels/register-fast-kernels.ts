import * as tf from '@tensorflow/tfjs';
import { isChannelsLast } from './conv-padding';
import { conv2dBackpropFilterViaConv2d } from './conv2d-backprop-filter';
import { conv2dBackpropInputViaConv2d } from './conv2d-backprop-input';
import { cpuFallbackKernel } from './cpu-fallback';
import { maxPoolGradKernel } from './max-pool-grad';
import { resizeBilinearGradWithShape, resizeNearestNeighborGradPerImage } from './resize-gradient-fixes';
import { concatOnHeap } from './concat-channels';
import { registerGradientOverrides } from './register-gradient-overrides';
import { splitOnHeap } from './split-channels';
import { leadingAxesReduction } from './leading-axes-reduction';
import { tileLeadingAxes } from './tile-leading-axes';

/**
 * How a kernel is provided after {@link registerFastKernels}: a faster equivalent, a fix of a
 * tfjs kernel that returns wrong results, the cpu kernel run on copies, or a gradient function.
 */
export type KernelProvision = 'fast' | 'fixed' | 'cpu-fallback' | 'gradient';

/** One entry of {@link fastKernelCoverage}. */
export interface KernelCoverage {
  kernelName: string;
  backendName: string;
  provision: KernelProvision;
  /** What is covered and what falls back, in words. */
  note: string;
}

/** Backends that {@link registerFastKernels} knows how to speed up. */
export type FastKernelBackend = 'wasm' | 'cpu';

// What each backend had before lowres replaced it; undefined records "had none".
const originals = new Map<string, tf.KernelConfig | undefined>();
const registered = new Set<string>();

function original(kernelName: string, backendName: string): tf.KernelConfig | undefined {
  const key = `${backendName}/${kernelName}`;
  if (!originals.has(key)) originals.set(key, tf.getKernel(kernelName, backendName));
  return originals.get(key);
}

function replaceKernel(kernelName: string, backendName: string, kernelFunc: tf.KernelFunc): void {
  if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ kernelName, backendName, kernelFunc });
}

/** The kernel to use where the fast path does not apply: the backend's own, else the cpu one run on copies. */
function fallback(kernelName: string, backendName: string): tf.KernelFunc {
  const own = original(kernelName, backendName);
  if (own) return own.kernelFunc;
  const cpu = original(kernelName, 'cpu');
  if (!cpu) throw new Error(`no ${kernelName} kernel on ${backendName} or cpu to fall back to`);
  return cpuFallbackKernel(cpu);
}

const CPU_FALLBACKS = ['DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum'];

/**
 * Registers lowres' kernels on `backendName` (see {@link fastKernelCoverage}): Conv2DBackpropFilter
 * and Conv2DBackpropInput computed by the backend's own forward Conv2D (XNNPACK on wasm), fixes of
 * tfjs kernels that return wrong gradients, faster wasm Concat / SplitV / Tile / leading-axes Sum and Mean,
 * cpu fallbacks for kernels wasm lacks, and the batch-norm, Mean and DepthToSpace gradients. Idempotent.
 */
export function registerFastKernels(backendName: FastKernelBackend): void {
  registerGradientOverrides();
  if (registered.has(backendName)) return;
  // Capture the cpu originals before any replacement, since fallbacks call them.
  for (const name of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', ...CPU_FALLBACKS]) original(name, 'cpu');
  const filterFallback = fallback('Conv2DBackpropFilter', backendName);
  replaceKernel('Conv2DBackpropFilter', backendName, (args) => {
    const attributes = args.attrs as unknown as Parameters<typeof conv2dBackpropFilterViaConv2d>[4];
    if (!isChannelsLast(attributes)) return filterFallback(args);
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    return conv2dBackpropFilterViaConv2d(backendName, args.backend, x, dy, attributes);
  });
  // cpu keeps its own Conv2DBackpropInput: the forward-conv form needs the filter rotated, and cpu's
  // Reverse kernel made an Inception-v3 step ~30× slower than the stock kernel.
  if (backendName !== 'cpu') {
    const inputFallback = fallback('Conv2DBackpropInput', backendName);
    replaceKernel('Conv2DBackpropInput', backendName, (args) => {
      const attributes = args.attrs as unknown as Parameters<typeof conv2dBackpropInputViaConv2d>[4];
      if (!isChannelsLast(attributes)) return inputFallback(args);
      const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
      return conv2dBackpropInputViaConv2d(backendName, args.backend, dy, filter, attributes);
    });
  }
  if (backendName === 'cpu') {
    replaceKernel('ResizeBilinearGrad', 'cpu', resizeBilinearGradWithShape(fallback('ResizeBilinearGrad', 'cpu')));
    replaceKernel(
      'ResizeNearestNeighborGrad',
      'cpu',
      resizeNearestNeighborGradPerImage(fallback('ResizeNearestNeighborGrad', 'cpu')),
    );
  } else {
    original('MaxPoolGrad', backendName);
    replaceKernel('MaxPoolGrad', backendName, maxPoolGradKernel);
    replaceKernel('SplitV', backendName, splitOnHeap(fallback('SplitV', backendName)));
    replaceKernel('Concat', backendName, concatOnHeap(fallback('Concat', backendName)));
    replaceKernel('Sum', backendName, leadingAxesReduction(fallback('Sum', backendName), false));
    replaceKernel('Mean', backendName, leadingAxesReduction(fallback('Mean', backendName), true));
    replaceKernel('Tile', backendName, tileLeadingAxes(fallback('Tile', backendName)));
    for (const name of CPU_FALLBACKS) {
      if (!tf.getKernel(name, backendName)) replaceKernel(name, backendName, fallback(name, backendName));
    }
  }
  registered.add(backendName);
}

/** Whether {@link registerFastKernels} has run for `backendName` in this process. */
export function fastKernelsRegistered(backendName: string): boolean {
  return registered.has(backendName);
}

/**
 * The kernel `backendName` had before {@link registerFastKernels} replaced it (the cpu ones are
 * the exact references the kernel tests compare with). Internal: not exported from the package.
 */
export function originalKernel(kernelName: string, backendName: string): tf.KernelConfig | undefined {
  return originals.get(`${backendName}/${kernelName}`);
}

/** Which kernels {@link registerFastKernels} provides on each backend, and how. */
export function fastKernelCoverage(): KernelCoverage[] {
  const conv = (kernelName: string, backendName: string): KernelCoverage => ({
    kernelName,
    backendName,
    provision: 'fast',
    note: 'NHWC, any stride, same/valid/explicit padding via forward Conv2D; NCHW falls back',
  });
  return [
    conv('Conv2DBackpropFilter', 'wasm'),
    conv('Conv2DBackpropInput', 'wasm'),
    conv('Conv2DBackpropFilter', 'cpu'),
    {
      kernelName: 'MaxPoolGrad',
      backendName: 'wasm',
      provision: 'fixed',
      note: "replaces wasm's own kernel, which loses gradient; first maximum wins, as on cpu",
    },
    ...CPU_FALLBACKS.map((kernelName) => ({
      kernelName,
      backendName: 'wasm',
      provision: 'cpu-fallback' as const,
      note: 'cpu reference kernel run on copies of the inputs',
    })),
    {
      kernelName: 'ResizeBilinearGrad',
      backendName: 'cpu',
      provision: 'fixed',
      note: "tfjs' kernel with its swapped height/width output shape corrected",
    },
    {
      kernelName: 'ResizeNearestNeighborGrad',
      backendName: 'cpu',
      provision: 'fixed',
      note: "tfjs' kernel run per image: its dy offset is wrong for every image after the first",
    },
    {
      kernelName: 'SplitV',
      backendName: 'wasm',
      provision: 'fast',
      note: 'concatenation gradient: one heap view instead of a full copy per piece',
    },
    {
      kernelName: 'Concat',
      backendName: 'wasm',
      provision: 'fast',
      note: 'narrow channel pieces copied by a plain loop instead of one view per pixel',
    },
    ...['Sum', 'Mean'].map((kernelName) => ({
      kernelName,
      backendName: 'wasm',
      provision: 'fast' as const,
      note: 'float32 over leading axes (N, H, W of NHWC): column sums on the heap, no full transpose',
    })),
    {
      kernelName: 'Tile',
      backendName: 'wasm',
      provision: 'fast',
      note: 'whole copies of the input end to end (broadcast over leading axes): block copies on the heap',
    },
    {
      kernelName: 'FusedBatchNorm',
      backendName: 'all',
      provision: 'gradient',
      note: "tfjs-core's gradient without its full-size Tile, shared reductions computed once",
    },
    {
      kernelName: 'Mean',
      backendName: 'all',
      provision: 'gradient',
      note: "tfjs-core's gradient with one broadcast instead of a full-size ones tensor, product and quotient",
    },
    {
      kernelName: 'DepthToSpace',
      backendName: 'all',
      provision: 'gradient',
      note: 'gradient registered (space-to-depth); tfjs-core has none',
    },
  ];
}

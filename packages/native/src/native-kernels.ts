import { convolutionKernels, matMulKernels } from './kernels/convolution-kernels';
import { copyKernels } from './kernels/copy-kernels';
import { elementwiseKernels } from './kernels/elementwise-kernels';
import type { NativeKernel } from './kernels/kernel-support';
import { normalizationKernels } from './kernels/normalization-kernels';
import { poolingKernels } from './kernels/pooling-kernels';
import { reductionKernels } from './kernels/reduction-kernels';

/** Every kernel the native engine computes itself, by TF.js kernel name. */
export const nativeKernels: Readonly<Record<string, NativeKernel>> = {
  ...convolutionKernels,
  ...matMulKernels,
  ...elementwiseKernels,
  ...reductionKernels,
  ...copyKernels,
  ...poolingKernels,
  ...normalizationKernels,
};

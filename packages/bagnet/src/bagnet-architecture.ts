/** Patch (receptive-field) sizes of the BagNet family. */
export type BagnetPatch = 9 | 17 | 33;

/** The accepted patch sizes. */
export const bagnetPatches: readonly BagnetPatch[] = Object.freeze([9, 17, 33] as const);

/** Per stage, how many leading blocks use a 3×3 convolution (the rest use 1×1). */
export const bagnetKernel3: Readonly<Record<BagnetPatch, readonly number[]>> = Object.freeze({
  9: Object.freeze([1, 1, 0, 0]),
  17: Object.freeze([1, 1, 1, 0]),
  33: Object.freeze([1, 1, 1, 1]),
});

/** Bottleneck blocks per stage (ResNet-50 layout). */
export const bagnetStageBlocks: readonly number[] = Object.freeze([3, 4, 6, 3]);

/** Bottleneck planes per stage before the ×4 expansion. */
export const bagnetStagePlanes: readonly number[] = Object.freeze([64, 128, 256, 512]);

/** Stride of the first block of each stage. */
export const bagnetStageStrides: readonly number[] = Object.freeze([2, 2, 2, 1]);

/** Output length of an un-padded convolution. */
export function validConvLength(length: number, kernel: number, stride: number): number {
  return Math.floor((length - kernel) / stride) + 1;
}

/** Spatial size of the last feature map of a BagNet for a given input size (≤ 0 means too small). */
export function bagnetFeatureSize(patch: BagnetPatch, height: number, width: number): [number, number] {
  const kernel3 = bagnetKernel3[patch];
  let size: [number, number] = [validConvLength(height, 3, 1), validConvLength(width, 3, 1)];
  bagnetStageStrides.forEach((stride, stage) => {
    const kernel = (kernel3[stage] ?? 0) > 0 ? 3 : 1;
    size = [validConvLength(size[0], kernel, stride), validConvLength(size[1], kernel, stride)];
  });
  return size;
}

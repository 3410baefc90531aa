import * as tf from '@tensorflow/tfjs';
import { batchNormGradient } from './batch-norm-gradient';
import { depthToSpaceGradient } from './depth-to-space-gradient';
import { meanGradient } from './mean-gradient';

const originalGradients = new Map<string, tf.GradConfig | undefined>();
let overridden = false;

/**
 * Registers lowres' gradient functions for FusedBatchNorm, Mean and DepthToSpace. They are built
 * from ordinary ops, so they hold on every backend (TF.js gradients are global, not per backend).
 * Idempotent.
 */
export function registerGradientOverrides(): void {
  if (overridden) return;
  for (const gradient of [batchNormGradient, meanGradient, depthToSpaceGradient]) {
    originalGradients.set(gradient.kernelName, tf.getGradient(gradient.kernelName));
    tf.registerGradient(gradient);
  }
  overridden = true;
}

/** Whether {@link registerGradientOverrides} has run in this process. */
export function gradientOverridesRegistered(): boolean {
  return overridden;
}

/** The gradient tfjs-core registered for `kernelName` before lowres replaced it (internal, for tests). */
export function originalGradient(kernelName: string): tf.GradConfig | undefined {
  return originalGradients.get(kernelName);
}

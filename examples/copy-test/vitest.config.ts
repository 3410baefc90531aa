import { mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// Building, packing and installing take minutes on a small machine.
export default mergeConfig(sharedTestConfig, { test: { testTimeout: 600_000, hookTimeout: 900_000 } });

/** @lowres/engine for Node: the browser-safe engine plus checkpoint files (they use node:fs and node:crypto). */
export * from './browser';
export { CheckpointManager, BEST_CHECKPOINT, FINAL_CHECKPOINT, type FinalModelState, type LoadedCheckpoint } from './checkpoint-manager';
export { readCheckpoint, writeCheckpoint, MANIFEST_FILE, WEIGHTS_BIN_FILE } from './checkpoint-files';

import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointCorruptError } from './errors';
import { type CheckpointManifest, type StoredArray, readCheckpoint, writeCheckpoint } from './checkpoint-files';

const PATTERN = /^phase(\d{2})-step(\d{9})$/;

/** Name of the directory holding the best checkpoint so far. */
export const BEST_CHECKPOINT = 'best';
/** Name of the directory holding a finished run's model: the weights its test figures were computed with. */
export const FINAL_CHECKPOINT = 'final';

/** What the final model's manifest records besides its weights. */
export interface FinalModelState {
  readonly config: unknown;
  readonly history: readonly unknown[];
  /** Training images batch-norm statistics were re-estimated from before the weights were saved (0: none). */
  readonly batchNormRecalibration: number;
}

/** A checkpoint that was read and verified. */
export interface LoadedCheckpoint<S> {
  readonly dir: string;
  readonly manifest: CheckpointManifest<S>;
  readonly arrays: StoredArray[];
}

/** Keeps the last N step checkpoints plus the best one under `<run>/checkpoints`. */
export class CheckpointManager<S> {
  readonly root: string;
  readonly keepLast: number;
  private readonly warn: (message: string) => void;

  constructor(root: string, keepLast: number, warn: (message: string) => void) {
    this.root = root;
    this.keepLast = keepLast;
    this.warn = warn;
  }

  /** Directory name of the checkpoint for a phase and step. */
  static dirName(phaseIndex: number, globalStep: number): string {
    return `phase${String(phaseIndex).padStart(2, '0')}-step${String(globalStep).padStart(9, '0')}`;
  }

  /** Step checkpoints on disk, oldest first. */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch {
      return [];
    }
    return names.filter((name) => PATTERN.test(name)).sort();
  }

  /** Writes a step checkpoint atomically, then deletes all but the newest `keepLast`. Returns its path. */
  async save(phaseIndex: number, globalStep: number, arrays: readonly StoredArray[], state: S): Promise<string> {
    await mkdir(this.root, { recursive: true });
    const dir = join(this.root, CheckpointManager.dirName(phaseIndex, globalStep));
    await writeCheckpoint(dir, arrays, state);
    const names = await this.list();
    for (const name of names.slice(0, Math.max(0, names.length - this.keepLast))) {
      await rm(join(this.root, name), { recursive: true, force: true });
    }
    return dir;
  }

  /** Writes (replaces) the best checkpoint atomically; the trainer stores only the model's weights there. */
  async saveBest(arrays: readonly StoredArray[], state: S): Promise<string> {
    await mkdir(this.root, { recursive: true });
    const dir = join(this.root, BEST_CHECKPOINT);
    await writeCheckpoint(dir, arrays, state);
    return dir;
  }

  /** Writes (replaces) the final model atomically: the weights after training and any batch-norm re-estimation. */
  async saveFinal(arrays: readonly StoredArray[], state: FinalModelState): Promise<string> {
    await mkdir(this.root, { recursive: true });
    const dir = join(this.root, FINAL_CHECKPOINT);
    await writeCheckpoint(dir, arrays, state);
    return dir;
  }

  /** Removes the final model (a run that continues training no longer matches it). */
  async removeFinal(): Promise<void> {
    await rm(join(this.root, FINAL_CHECKPOINT), { recursive: true, force: true });
  }

  /** The verified final model, or null when the run has not finished (with a warning when it exists but is corrupt). */
  async loadFinal(): Promise<LoadedCheckpoint<FinalModelState> | null> {
    return this.loadNamed<FinalModelState>(FINAL_CHECKPOINT);
  }

  /** The newest verified step checkpoint; corrupt ones are skipped with a warning. Null when none is usable. */
  async loadLatest(): Promise<LoadedCheckpoint<S> | null> {
    const names = await this.list();
    for (const name of names.reverse()) {
      const dir = join(this.root, name);
      try {
        const { manifest, arrays } = await readCheckpoint<S>(dir);
        return { dir, manifest, arrays };
      } catch (error) {
        if (!CheckpointCorruptError.isInstance(error)) throw error;
        this.warn(`${error.message}; falling back to the previous checkpoint`);
      }
    }
    return null;
  }

  /** The verified step checkpoint with this directory name (`phaseNN-stepNNNNNNNNN`), or null when it is missing or corrupt (with a warning). */
  async loadStep(name: string): Promise<LoadedCheckpoint<S> | null> {
    if (!/^phase\d{2}-step\d{9}$/.test(name)) return null;
    return this.loadNamed(name);
  }

  /** The verified best checkpoint, or null (with a warning when it exists but is corrupt). */
  async loadBest(): Promise<LoadedCheckpoint<S> | null> {
    return this.loadNamed(BEST_CHECKPOINT);
  }

  private async loadNamed<T = S>(name: string): Promise<LoadedCheckpoint<T> | null> {
    const dir = join(this.root, name);
    try {
      const { manifest, arrays } = await readCheckpoint<T>(dir);
      return { dir, manifest, arrays };
    } catch (error) {
      if (!CheckpointCorruptError.isInstance(error)) throw error;
      if (!error.message.includes('ENOENT')) this.warn(error.message);
      return null;
    }
  }

  /** Removes temporary directories left by a process killed while writing. */
  async removeStaleTemporaries(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.includes('.tmp-') || name.includes('.old-')) await rm(join(this.root, name), { recursive: true, force: true });
    }
  }
}

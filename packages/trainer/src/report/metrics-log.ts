import { join } from 'node:path';
import { writeAtomically } from '@lowres/core';
import type { EpochRecord } from '@lowres/engine';

const COLUMNS = ['phase', 'epoch', 'globalStep', 'learningRate', 'loss', 'accuracy', 'val_loss', 'val_accuracy'] as const;

/** metrics.csv content for a history (one row per epoch, empty cells for metrics a phase lacks). */
export function historyToCsv(history: readonly EpochRecord[]): string {
  const rows = history.map((record) => COLUMNS.map((column) => (record[column] === undefined ? '' : String(record[column]))).join(','));
  return `${[COLUMNS.join(','), ...rows].join('\n')}\n`;
}

/** metrics.jsonl content for a history (one JSON object per epoch). */
export function historyToJsonLines(history: readonly EpochRecord[]): string {
  return history.map((record) => `${JSON.stringify(record)}\n`).join('');
}

/**
 * Rewrites metrics.jsonl and metrics.csv from the whole history, so a resumed run (whose history
 * comes from its checkpoint) never duplicates or loses lines.
 */
export async function writeMetricsLogs(runDir: string, history: readonly EpochRecord[]): Promise<void> {
  await writeAtomically(join(runDir, 'metrics.jsonl'), historyToJsonLines(history));
  await writeAtomically(join(runDir, 'metrics.csv'), historyToCsv(history));
}

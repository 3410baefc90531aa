import { TrainingInterruptedError } from '@lowres/trainer';
import type { CliIO } from './cli-io';

/** Exit code of a run stopped by SIGINT / SIGTERM (128 + SIGINT's number, as shells report it). */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Runs a training command so that SIGINT / SIGTERM ask it to stop: training writes a checkpoint at
 * the next step boundary, and the user is told how to resume. A second signal quits at once.
 */
export async function runStoppable(io: CliIO, resumeCommand: string, run: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(INTERRUPTED_EXIT_CODE);
    io.stderr.write(`\nreceived ${signal}: stopping at the next step boundary (send it again to quit without saving)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await run(controller.signal);
  } catch (error) {
    if (!(error instanceof TrainingInterruptedError)) throw error;
    const saved = error.checkpoint ? `checkpoint: ${error.checkpoint}\nresume with: ${resumeCommand}` : 'no run directory was set, so nothing was saved';
    io.stderr.write(`stopped at step ${error.step}; ${saved}\n`);
    return INTERRUPTED_EXIT_CODE;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Quotes a path for a shell command line when it needs it. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

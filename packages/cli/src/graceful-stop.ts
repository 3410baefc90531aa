import { TrainingInterruptedError } from '@lowres/trainer';
import type { CliIO } from './cli-io';

/** Exit code of a run stopped by SIGINT / SIGTERM (128 + SIGINT's number, as shells report it). */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Signals closer together than this are one request: a wrapper (pnpm exec, npm run) passes Ctrl-C
 * on as SIGTERM while the terminal also sends SIGINT to the whole process group.
 */
export const SIGNAL_REPEAT_WINDOW_MS = 1000;

/**
 * Runs a training command so that SIGINT / SIGTERM ask it to stop: training writes a checkpoint at
 * the next step boundary, and the user is told how to resume. A second signal, sent at least
 * {@link SIGNAL_REPEAT_WINDOW_MS} after the first, quits at once.
 */
export async function runStoppable(io: CliIO, resumeCommand: string, run: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      if (performance.now() - firstAt >= SIGNAL_REPEAT_WINDOW_MS) process.exit(INTERRUPTED_EXIT_CODE);
      return;
    }
    firstAt = performance.now();
    io.stderr.write(`\nreceived ${signal}: stopping at the next step boundary (send it again to quit without saving)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await run(controller.signal);
  } catch (error) {
    if (!TrainingInterruptedError.isInstance(error)) throw error;
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

import type { CliIO } from '../cli-io';
import { type RunCliOptions, runCli } from '../run-cli';

/** What one captured `lowres` invocation printed and returned. */
export interface CapturedRun {
  code: number;
  stdout: string;
  /** stderr without the backend report (see `backend`). */
  stderr: string;
  /** The backend report that computing commands print to stderr first ('' when none was printed). */
  backend: string;
}

/** The backend report block: "backend: …" and its indented "skipped …" lines. */
const BACKEND_REPORT = /^backend: .*\n(?: {2}skipped .*\n)*/m;

/** Options of {@link runCapturedCli}: the CLI's own, and a hook that sees every stdout write as it happens. */
export type CapturedCliOptions = Omit<RunCliOptions, 'io'> & { onStdout?: (text: string) => void };

/**
 * Runs the CLI in-process with stdout/stderr captured (stdout is not a TTY). `wrap` may surround
 * the call, e.g. with a tensor-leak check.
 */
export async function runCapturedCli(
  argv: string[],
  options: CapturedCliOptions = {},
  wrap: (run: () => Promise<number>) => Promise<number> = (run) => run(),
): Promise<CapturedRun> {
  const { onStdout, ...cliOptions } = options;
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: {
      isTTY: false,
      write: (text) => {
        stdout += text;
        onStdout?.(text);
      },
    },
    stderr: {
      write: (text) => {
        stderr += text;
      },
    },
  };
  const code = await wrap(() => runCli(argv, { ...cliOptions, io }));
  const backend = BACKEND_REPORT.exec(stderr)?.[0] ?? '';
  return { code, stdout, stderr: stderr.replace(backend, ''), backend };
}

/** What every computing command prints to stderr first when LOWRES_BACKEND=cpu (as the CLI tests set it). */
export const FORCED_CPU_REPORT = 'backend: cpu on the CPU: forced; pure JavaScript, always available\n';

import type { CliIO } from '../cli-io';
import { type RunCliOptions, runCli } from '../run-cli';

/** What one captured `lowres` invocation printed and returned. */
export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process with stdout/stderr captured (stdout is not a TTY). `wrap` may surround
 * the call, e.g. with a tensor-leak check.
 */
export async function runCapturedCli(
  argv: string[],
  options: Omit<RunCliOptions, 'io'> = {},
  wrap: (run: () => Promise<number>) => Promise<number> = (run) => run(),
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: {
      isTTY: false,
      write: (text) => {
        stdout += text;
      },
    },
    stderr: {
      write: (text) => {
        stderr += text;
      },
    },
  };
  const code = await wrap(() => runCli(argv, { ...options, io }));
  return { code, stdout, stderr };
}

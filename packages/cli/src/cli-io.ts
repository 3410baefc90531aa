/** Output streams of a CLI invocation (process streams in the bin, buffers in tests). */
export interface CliIO {
  stdout: { isTTY?: boolean; write(text: string): void };
  stderr: { write(text: string): void };
}

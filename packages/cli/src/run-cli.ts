import { LowresError, asFileSystemError } from '@lowres/core';
import type { Registry } from '@lowres/trainer';
import { defaultRegistry } from './registry/default-registry';
import { startBackend } from './backend-session';
import type { CliIO } from './cli-io';
import { doctorCommand } from './commands/doctor-command';
import { benchCommand, evalCommand, reportCommand, upscaleCommand } from './commands/run-commands';
import { demoCommand } from './commands/demo-command';
import { exportCommand } from './commands/export-command';
import { listCommand } from './commands/list-command';
import { reproduceCommand } from './commands/reproduce-command';
import { sweepCommand } from './commands/sweep-command';
import { trainCommand } from './commands/train-command';
import { workerCommand } from './commands/worker-command';
import { type CommandName, USAGE, commandHelp, parseCommandLine } from './parse-args';

/** Options of {@link runCli}. */
export interface RunCliOptions {
  io?: CliIO;
  /** Plugins to resolve names from (default: defaultRegistry). */
  registry?: Registry;
}

/**
 * Runs one `lowres` invocation and returns its exit code: 0 on success, 2 for a usage or config
 * error (printed as `error [CODE]: message`), 1 for anything unexpected.
 */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const io = options.io ?? { stdout: process.stdout, stderr: process.stderr };
  const registry = options.registry ?? defaultRegistry;
  try {
    const { command, values, positionals } = parseCommandLine(argv);
    switch (command) {
      case 'help':
        io.stdout.write(positionals[0] ? commandHelp(positionals[0] as CommandName) : USAGE);
        return 0;
      case 'list':
        return listCommand(registry, io);
      case 'report':
        return await reportCommand(values, io);
      case 'bench':
        return await benchCommand(values, registry, io);
      case 'reproduce':
        return await reproduceCommand(values, positionals, registry, io);
      case 'demo':
        return await demoCommand(values, registry, io);
      case 'sweep':
        return await sweepCommand(values, positionals, registry, io);
      case 'doctor':
        return await doctorCommand(values, io);
    }
    await startBackend(values, io);
    switch (command) {
      case 'train':
        return await trainCommand(values, registry, io);
      case 'eval':
        return await evalCommand(values, registry, io);
      case 'upscale':
        return await upscaleCommand(values, registry, io);
      case 'export':
        return await exportCommand(values, registry, io);
      case 'worker':
        return await workerCommand(values, registry, io);
    }
    return 0;
  } catch (caught) {
    const error = asFileSystemError(caught) ?? caught;
    if (LowresError.isInstance(error)) {
      io.stderr.write(`error [${error.code}]: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

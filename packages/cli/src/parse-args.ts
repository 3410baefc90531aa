import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@lowres/core';

/** The sub-commands of `lowres`. */
export const COMMANDS = ['train', 'eval', 'upscale', 'export', 'bench', 'report', 'list', 'reproduce', 'demo', 'sweep', 'worker', 'doctor', 'help'] as const;
/** One sub-command name. */
export type CommandName = (typeof COMMANDS)[number];

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

/** `--backend <name>`: forces one backend (else LOWRES_BACKEND, else the automatic choice). */
const backendOption: Record<string, OptionSpec> = { backend: { type: 'string' } };

const dataOptions: Record<string, OptionSpec> = {
  dataset: { type: 'string' },
  'data-dir': { type: 'string' },
  limit: { type: 'string' },
  'test-limit': { type: 'string' },
};

/** Flags accepted by each sub-command. */
export const COMMAND_OPTIONS: Record<CommandName, Record<string, OptionSpec>> = {
  train: {
    ...backendOption,
    ...dataOptions,
    sr: { type: 'string' },
    classifier: { type: 'string' },
    'sr-option': { type: 'string', multiple: true },
    'classifier-option': { type: 'string', multiple: true },
    mode: { type: 'string' },
    epochs: { type: 'string' },
    batch: { type: 'string' },
    seed: { type: 'string' },
    optimizer: { type: 'string' },
    lr: { type: 'string' },
    'validation-split': { type: 'string' },
    'checkpoint-every': { type: 'string' },
    'micro-batch': { type: 'string' },
    'bn-recalibration': { type: 'string' },
    out: { type: 'string' },
    resume: { type: 'boolean' },
    overwrite: { type: 'boolean' },
    config: { type: 'string' },
    degrade: { type: 'string' },
    'degrade-size': { type: 'string' },
    size: { type: 'string' },
    crop: { type: 'boolean' },
  },
  eval: { ...backendOption, ...dataOptions, run: { type: 'string' }, batch: { type: 'string' }, checkpoint: { type: 'string' } },
  upscale: { ...backendOption, ...dataOptions, run: { type: 'string' }, out: { type: 'string' }, count: { type: 'string' } },
  export: { ...backendOption, ...dataOptions, run: { type: 'string' }, out: { type: 'string' }, samples: { type: 'string' } },
  bench: {
    sr: { type: 'string' },
    classifier: { type: 'string' },
    'sr-option': { type: 'string', multiple: true },
    'classifier-option': { type: 'string', multiple: true },
    input: { type: 'string' },
    classes: { type: 'string' },
    batch: { type: 'string' },
    steps: { type: 'string' },
    warmup: { type: 'string' },
    mode: { type: 'string' },
    ...backendOption,
  },
  report: { run: { type: 'string' } },
  reproduce: {
    list: { type: 'boolean' },
    out: { type: 'string' },
    resume: { type: 'boolean' },
    overwrite: { type: 'boolean' },
    epochs: { type: 'string' },
    limit: { type: 'string' },
    'data-dir': { type: 'string' },
    seed: { type: 'string' },
    'micro-batch': { type: 'string' },
    ...backendOption,
    size: { type: 'string' },
    'classifier-option': { type: 'string', multiple: true },
    'sr-option': { type: 'string', multiple: true },
  },
  demo: {
    out: { type: 'string' },
    epochs: { type: 'string' },
    limit: { type: 'string' },
    'data-dir': { type: 'string' },
    mini: { type: 'boolean' },
    resume: { type: 'boolean' },
    overwrite: { type: 'boolean' },
    ...backendOption,
  },
  sweep: { queue: { type: 'string' }, runs: { type: 'string' }, attempts: { type: 'string' }, out: { type: 'string' }, grid: { type: 'string' } },
  worker: { ...backendOption, queue: { type: 'string' }, runs: { type: 'string' }, concurrency: { type: 'string' }, 'stall-seconds': { type: 'string' }, drain: { type: 'boolean' } },
  doctor: { ...backendOption },
  list: {},
  help: {},
};

/** A parsed command line. */
export interface ParsedCommandLine {
  command: CommandName;
  values: Record<string, string | boolean | string[] | undefined>;
  /** Arguments that are not flags: `reproduce`'s recipe name, `sweep`'s grid file / status / report, `help`'s command name. */
  positionals: string[];
}

const isHelpFlag = (argument: string) => argument === '--help' || argument === '-h';

/**
 * Joins a string flag and a value that starts with a dash (`--epochs -1` → `--epochs=-1`), so the
 * value is checked as a number rather than mistaken for a flag.
 */
function joinDashValues(command: CommandName, args: readonly string[]): string[] {
  const options = COMMAND_OPTIONS[command];
  const out: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const argument = args[index]!;
    const next = args[index + 1];
    const option = argument.startsWith('--') ? options[argument.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      out.push(`${argument}=${next}`);
      index += 1;
    } else out.push(argument);
  }
  return out;
}

/** Splits argv into a sub-command and its flags; unknown commands or flags throw InvalidArgumentError. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || isHelpFlag(first)) return { command: 'help', values: {}, positionals: [] };
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new InvalidArgumentError('command', `unknown command '${first}'; expected one of ${COMMANDS.join(', ')}`);
  }
  const command = first as CommandName;
  // `lowres <command> --help` shows that command's help, whatever else is on the line.
  if (command !== 'help' && rest.some(isHelpFlag)) return { command: 'help', values: {}, positionals: [command] };
  try {
    const { values, positionals } = parseArgs({
      args: joinDashValues(command, rest),
      options: COMMAND_OPTIONS[command],
      strict: true,
      allowPositionals: command === 'reproduce' || command === 'sweep' || command === 'help',
    });
    if (command === 'help' && positionals.length > 0 && !(COMMANDS as readonly string[]).includes(positionals[0]!)) {
      throw new Error(`unknown command '${positionals[0]}'; expected one of ${COMMANDS.join(', ')}`);
    }
    return { command, values: values as ParsedCommandLine['values'], positionals };
  } catch (error) {
    throw new InvalidArgumentError(command, (error as Error).message);
  }
}

/** Parses repeated `key=value` flags into plugin options (numbers and booleans are converted). */
export function parseKeyValues(flag: string, entries: readonly string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of entries ?? []) {
    const at = entry.indexOf('=');
    if (at <= 0) throw new InvalidArgumentError(`--${flag}`, `expected key=value, got '${entry}'`);
    const key = entry.slice(0, at);
    const raw = entry.slice(at + 1);
    out[key] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

/**
 * Help for one command: its lines of {@link USAGE}, the paragraph that names it, and every flag it
 * accepts (read from {@link COMMAND_OPTIONS}, so it never falls behind).
 */
export function commandHelp(command: CommandName): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`  ${command} `) || line === `  ${command}`);
  const section: string[] = [];
  if (start >= 0) {
    section.push(lines[start]!.slice(2).replace(/^(\S+) +/, '$1 '));
    for (const line of lines.slice(start + 1)) {
      if (!/^ {3,}\S/.test(line)) break;
      section.push(line.slice(2));
    }
  }
  const notes = USAGE.split('\n\n')
    .slice(1)
    .filter((paragraph) => !paragraph.startsWith('Commands:') && new RegExp(`\\b${command}\\b`).test(paragraph));
  const flags = Object.entries(COMMAND_OPTIONS[command]).map(([name, spec]) => `--${name}${spec.type === 'string' ? ' <value>' : ''}${spec.multiple ? ' (repeatable)' : ''}`);
  return [
    `Usage: lowres ${section.length > 0 ? section.join('\n') : command}`,
    '',
    ...(flags.length > 0 ? [`Flags: ${flags.join(', ')}`, ''] : []),
    ...notes.map((note) => `${note.trim()}\n`),
  ].join('\n');
}

/** Usage text printed by `lowres help`. */
export const USAGE = `Usage: lowres <command> [flags]

Commands:
  train    --classifier <name> --dataset <name|./dir> [--sr <name>] [--mode classifier|end-to-end|staged]
           [--epochs N (default 10)] [--batch N] [--micro-batch N] [--seed N] [--lr X]
           [--optimizer sgd|adam|adadelta|rmsprop] [--validation-split X] [--checkpoint-every N]
           [--bn-recalibration N] [--out dir] [--resume | --overwrite] [--config file.json]
           [--sr-option key=value]... [--classifier-option key=value]... [--limit N] [--test-limit N]
           [--data-dir dir] [--size HxW] [--crop]   folder datasets: decode size, crop to bounding boxes
  eval     --run <dir> --dataset <name|dir> [--limit N] [--batch N]   test accuracy of the run's final model
           [--checkpoint final|best|latest|phaseNN-stepNNNNNNNNN]   or of other weights (a diagnostic)
  upscale  --run <dir> --dataset <name|dir> --out <file.png> [--count N]   LR | bicubic | SR samples
  export   --run <dir> --out <dir> [--dataset <name|dir> --samples N]
           the trained pipeline as a TF.js LayersModel (model.json + weights.bin) + lowres-pipeline.json
           for the browser; with --samples, N test images as the pipeline sees them (samples.json)
  bench    --classifier <name> [--sr <name>] --input HxWxC [--batch N] [--steps N] [--mode train|infer]
  report   --run <dir>                                        rewrite report.md and plots of a run
  list                                                        registered plugins and datasets
  reproduce <recipe> [--out dir] [--resume | --overwrite] [--seed N] [--micro-batch N] [--epochs N] [--limit N] [--data-dir dir]
           [--backend name] [--size HxW] [--classifier-option key=value]... [--sr-option key=value]...
           a paper's protocol as a resumable run compared with the published figure; --list shows recipes;
           --seed repeats it with another seed (weights, split, order); --micro-batch N sums each batch
           from N-image parts where memory is short (recorded: batch norm then sees N images at a time);
           --size / options shrink it for a quick check (a low-resolution size scales with --size)
  reproduce summary <run dir>...                              one recipe's runs (e.g. its seeds): a table
           and the mean ± sample standard deviation of the finished ones, next to the paper's figure
  sweep    <grid.json|yaml> --queue redis://host:port [--attempts N]   enqueue one job per run of a grid
  sweep    status --queue redis://host:port                   jobs queued / running / done / failed, per worker
  sweep    report --runs <dir> [--grid file] [--out dir]      leaderboard.md / .csv and accuracy-against-FLOPs plot
           (with --grid, only that grid's runs)
  worker   --queue redis://host:port --runs <shared dir> [--concurrency N] [--stall-seconds S] [--drain]
           train sweep jobs (resuming from checkpoints) until SIGINT / SIGTERM, or with --drain until
           no job is queued or running
  demo     [--out runs/demo] [--data-dir dir | --mini] [--epochs N] [--limit N] [--resume | --overwrite] [--backend name]
           RACNN-SR ×2 + LR-Net end to end on Fashion-MNIST degraded 28→14: 22,000 images of the full set
           (--data-dir, default Debian's /usr/share/datasets/fashion-mnist when present) seen once,
           else (or with --mini) three epochs of the embedded 2,700-image subset
  doctor   [--backend name]   what each backend would do here and why; on a GPU (or the forced
           backend) one training step compared with cpu, saying whether it really ran on the GPU

train, eval, upscale, export, bench, reproduce, demo, worker and doctor take --backend tensorflow|webgpu|native|wasm|cpu
(default: LOWRES_BACKEND, else the fastest this machine really has); each prints the backend report to
stderr, and runs append it to backend.json in their directory.

train also takes --degrade N (bicubic ×1/N on every split) or --degrade-size HxW; SR pre-training then
pairs the degraded images with the originals. --micro-batch N sums the gradients of N-image parts of each
batch (a batch that does not fit in memory); --bn-recalibration N re-estimates batch-norm statistics from
N training images before validation and testing. A folder in the working directory is --dataset ./name.

A run directory (--out) holds exactly the model its report scores (checkpoints/final); it is locked while
a run writes it, and a new run into one that holds a run needs --resume (continue) or --overwrite (replace).
Ctrl-C (SIGINT) or SIGTERM during train, reproduce or demo writes a checkpoint at the next step and
prints how to resume.

'lowres help <command>' or 'lowres <command> --help' shows one command's flags.
`;

import { InvalidArgumentError } from '@lowres/core';

/** Backends `pnpm bench` can run LR-Net on. */
export type BenchBackend = 'native' | 'wasm' | 'cpu' | 'tensorflow';

/** One benchmark configuration, run in its own process (wasm fixes its thread count per process). */
export interface BenchCase {
  backend: BenchBackend;
  threads: number;
  batch: number;
  /** Images per forward/backward pass of a training step (gradients accumulated up to `batch`). */
  microBatch: number;
  steps: number;
  warmup: number;
}

/** Command-line options of `pnpm bench`. */
export interface BenchOptions {
  batch: number;
  /**
   * Largest micro-batch of a wasm training step (default 64): a step holds ~51 MB per image of
   * LR-Net and wasm's heap stops at 4 GB, so batch 128 accumulates gradients over micro-batches.
   * The native engine has no such ceiling and always trains the batch whole.
   */
  microBatch: number;
  /** Timed steps on wasm (cpu gets {@link BenchOptions.cpuSteps}). */
  steps: number;
  cpuSteps: number;
  /** Batch on the cpu backend (its JavaScript convolutions take minutes per LR-Net step at 128). */
  cpuBatch: number;
  /** Skip the cpu backend (very slow for LR-Net at batch 128). */
  cpu: boolean;
  /** Skip the PyTorch peer. */
  peer: boolean;
  /** Thread counts to run each backend with. */
  threads: number[];
  /** Multi-threaded backends to run (default native and wasm; native trains each batch whole). */
  backends: Array<'native' | 'wasm'>;
}

const DEFAULTS: BenchOptions = {
  batch: 128,
  microBatch: 64,
  steps: 3,
  cpuSteps: 1,
  cpuBatch: 8,
  cpu: true,
  peer: true,
  threads: [1, 2],
  backends: ['native', 'wasm'],
};

function integer(flag: string, text: string | undefined, minimum: number): number {
  const value = Number(text);
  if (text === undefined || !Number.isInteger(value) || value < minimum) {
    throw new InvalidArgumentError(flag, `expected an integer ≥ ${minimum}, got ${String(text)}`);
  }
  return value;
}

/** Parses `--batch N --micro-batch N --steps N --cpu-steps N --cpu-batch N --threads 1,2 --backends native,wasm --no-cpu --no-peer --quick`. */
export function parseBenchArguments(argv: readonly string[]): BenchOptions {
  const options = { ...DEFAULTS, threads: [...DEFAULTS.threads], backends: [...DEFAULTS.backends] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const [name, inline] = flag.split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--batch':
        options.batch = integer(name, value(), 1);
        break;
      case '--micro-batch':
        options.microBatch = integer(name, value(), 1);
        break;
      case '--steps':
        options.steps = integer(name, value(), 1);
        break;
      case '--cpu-steps':
        options.cpuSteps = integer(name, value(), 1);
        break;
      case '--cpu-batch':
        options.cpuBatch = integer(name, value(), 1);
        break;
      case '--threads':
        options.threads = (value() ?? '').split(',').map((part) => integer(name, part, 1));
        break;
      case '--backends':
        options.backends = (value() ?? '').split(',').map((part) => {
          if (part !== 'native' && part !== 'wasm') throw new InvalidArgumentError(name, `expected native and/or wasm, got '${part}'`);
          return part;
        });
        break;
      case '--no-cpu':
        options.cpu = false;
        break;
      case '--no-peer':
        options.peer = false;
        break;
      case '--quick':
        options.batch = 16;
        options.steps = 2;
        options.cpuSteps = 1;
        options.cpuBatch = 2;
        options.microBatch = 8;
        break;
      case '--':
        break;
      default:
        throw new InvalidArgumentError(name, 'unknown option; expected --batch, --micro-batch, --steps, --cpu-steps, --cpu-batch, --threads, --backends, --no-cpu, --no-peer or --quick');
    }
  }
  return options;
}

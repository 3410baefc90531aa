import * as os from 'node:os';

/** Logical CPU cores available to this process. */
export function cores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

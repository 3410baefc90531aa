import { LowresError } from '../errors';

const EXPLANATIONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'is a directory, expected a file',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
};

/** A file-system operation failed; `path` is the file or directory, `reason` the system's code (ENOSPC, EROFS…). */
export class FileSystemError extends LowresError {
  /** The marker every FileSystemError carries (see LowresError.isInstance). */
  static override readonly marker: symbol = Symbol.for('@lowres/core/error/FileSystemError');
  readonly path: string;
  readonly reason: string;
  constructor(path: string, reason: string, operation?: string, options?: { cause?: unknown }) {
    const explained = EXPLANATIONS[reason] ? `${EXPLANATIONS[reason]} (${reason})` : reason;
    super('FILE_SYSTEM', `${path}: cannot ${operation ?? 'access'}: ${explained}`, options);
    this.path = path;
    this.reason = reason;
  }
}

const OPERATIONS: Readonly<Record<string, string>> = {
  open: 'open',
  write: 'write',
  mkdir: 'create the directory',
  rename: 'rename',
  rmdir: 'remove',
  unlink: 'remove',
  scandir: 'list',
  read: 'read',
  stat: 'read',
  lstat: 'read',
  access: 'access',
};

/** Turns a Node.js system error carrying a path (ENOSPC, EROFS, ENOTDIR…) into a FileSystemError; anything else gives null. */
export function asFileSystemError(error: unknown, fallbackPath?: string): FileSystemError | null {
  if (FileSystemError.isInstance(error)) return error;
  if (!(error instanceof Error)) return null;
  const system = error as NodeJS.ErrnoException;
  const path = system.path ?? fallbackPath;
  if (typeof system.code !== 'string' || !/^E[A-Z]+$/.test(system.code) || path === undefined) return null;
  const operation = system.syscall ? (OPERATIONS[system.syscall] ?? system.syscall) : undefined;
  return new FileSystemError(path, system.code, operation, { cause: error });
}

/**
 * Operating-system errors the user can fix (a plan file written into a directory, a port in use):
 * one line each, instead of an internal error with a stack.
 */

/** Operating-system error codes caused by the user's environment (paths, ports), not by a bug. */
const SYSTEM_CODES: Record<string, string> = {
  EISDIR: 'is a directory',
  EEXIST: 'already exists and is not a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EADDRINUSE: 'address already in use (another process listens on that port; pick another with --port)',
  EADDRNOTAVAIL: 'address not available on this machine',
};

/**
 * A one-line message for an operating-system error the user can fix (writing a plan into a
 * directory, a port in use), or undefined for anything else, which stays an internal error.
 */
export function systemErrorMessage(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const err = e as NodeJS.ErrnoException & { address?: string; port?: number };
  const meaning = err.code ? SYSTEM_CODES[err.code] : undefined;
  if (!meaning) return undefined;
  const target = err.path ?? (err.address !== undefined ? `${err.address}${err.port !== undefined ? `:${err.port}` : ''}` : undefined);
  return `${err.syscall ?? 'operation'}${target ? ` ${target}` : ''}: ${meaning}`;
}

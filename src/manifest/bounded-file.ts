/**
 * Reading a file a user names (a manifest, an environment file, a catalog override, a saved plan)
 * without letting the name eat the machine: only a regular file is read, and never more than
 * `maxBytes` (+1, to see that it is over). `/dev/zero`, a FIFO or a sparse file of gigabytes is an
 * answer, not a hang or an out-of-memory. The size is taken from the open descriptor and the read
 * itself is bounded, so a file that grows between the two cannot slip past the limit.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** A file's bytes, or why they were not read. */
export type BoundedRead =
  | { ok: true; bytes: Buffer }
  | { ok: false; why: 'missing' }
  | { ok: false; why: 'not-a-file' }
  | { ok: false; why: 'too-big'; size: number }
  | { ok: false; why: 'unreadable'; code: string };

/** Reads `path` if it is a regular file of at most `maxBytes`. Synchronous: callers read files one after the other. */
export function readBoundedFile(path: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return code === 'ENOENT' ? { ok: false, why: 'missing' } : { ok: false, why: 'unreadable', code };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, why: 'not-a-file' };
    if (stat.size > maxBytes) return { ok: false, why: 'too-big', size: stat.size };
    // Sized by fstat, grown if the file grows while it is read, never past maxBytes + 1.
    let buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) return { ok: false, why: 'too-big', size: length };
        const bigger = Buffer.allocUnsafe(Math.min(length * 2, maxBytes + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (e) {
    return { ok: false, why: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    closeSync(fd);
  }
}

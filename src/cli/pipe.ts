/**
 * `halo-iac ... | head -1`: once the reader of stdout (or stderr) goes away, the next write fails
 * with EPIPE. git and coreutils are ended by SIGPIPE then, silently; Node ignores SIGPIPE and
 * raises an unhandled 'error' event with a stack instead. This ends the process silently with
 * the status a shell reports for a command SIGPIPE ended (128 + 13), so `set -o pipefail` sees
 * what it sees for `git log | head -1`. Only a write can fail: output that fits in the pipe's
 * buffer is accepted whole before the reader leaves, and the command's own status stands (as for
 * `seq 10 | head -1`); Node cannot ask a pipe whether its reader is still there.
 */

/** The exit status of a command whose output pipe was closed (128 + SIGPIPE). */
export const EPIPE_EXIT = 141;

/** Makes EPIPE on `stream` end the process with EPIPE_EXIT and no output; other errors are rethrown. */
export function exitQuietlyOnEpipe(stream: NodeJS.WritableStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') exit(EPIPE_EXIT);
    else throw e;
  });
}

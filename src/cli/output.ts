/**
 * Where commands write and how they ask: one small interface, so that the CLI runs against the
 * real process and tests run commands in-process with captured output and a scripted answer.
 * stdout carries the result (a plan, JSON); stderr carries progress and diagnostics.
 */
import { createInterface } from 'node:readline/promises';

/** Input and output of one command run. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour and interactive decisions depend on these. */
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** Prints `question` (on stdout, or stderr when stdout carries JSON) and reads one answer line. */
  ask(question: string, onStderr?: boolean): Promise<string>;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** The real process: stdout, stderr, stdin. */
export function processIo(): Io {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    async ask(question, onStderr = false) {
      const rl = createInterface({ input: process.stdin, output: onStderr ? process.stderr : process.stdout });
      try {
        return (await rl.question(question)).trim();
      } finally {
        rl.close();
      }
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** An Io that records everything, for tests and for the demo's own captures. */
export interface CapturedIo extends Io {
  stdout(): string;
  stderr(): string;
}

/** A recording Io; `answers` are returned by `ask` in order (then empty strings). */
export function captureIo(options: { stdinIsTTY?: boolean; stdoutIsTTY?: boolean; answers?: string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {}): CapturedIo {
  let out = '';
  let err = '';
  const answers = [...(options.answers ?? [])];
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stdinIsTTY: options.stdinIsTTY ?? false,
    async ask(question, onStderr = false) {
      if (onStderr) err += question;
      else out += question;
      return answers.shift() ?? '';
    },
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    stdout: () => out,
    stderr: () => err,
  };
}

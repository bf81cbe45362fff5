/**
 * Where commands write and how they ask: one small interface, so that the CLI runs against the
 * real process and tests run commands in-process with captured output and a scripted answer.
 * stdout carries the result (a plan, JSON); stderr carries progress and diagnostics.
 */
import { createInterface } from 'node:readline/promises';
import { masker } from '../model/mask.js';

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
  /**
   * Registers a value no later output may show (out, err, saved plans): the connection's client
   * secret and every `secretFrom` value, once the environment is loaded (session.ts). Defence in
   * depth: the engine never puts them in output in the first place.
   */
  hide?(value: string | undefined): void;
  /** The values registered with `hide` (and the env's HALO_CLIENT_SECRET), for writers of files. */
  hidden?(): readonly string[];
}

/**
 * Shortest value hidden anywhere in the output. This is the backstop behind the engine, which
 * masks the fields that hold env values whole; a short value (a webhook password like "Line")
 * would be masked inside unrelated names ("1st Line Support"), shredding the text and telling a
 * reader of the plan what the secret is. Client secrets are far longer.
 */
const MIN_HIDDEN = 8;

/** The variable halo-iac's own login secret is read from by default (README "Environments"). */
export const LOGIN_SECRET_VARIABLE = 'HALO_CLIENT_SECRET';

/** A function replacing every hidden value (also as it reads inside a JSON string) by `(sensitive value)`. */
export function hider(values: readonly string[]): (text: string) => string {
  return masker(
    values.flatMap((v) => {
      const quoted = JSON.stringify(v).slice(1, -1);
      return quoted === v ? [v] : [v, quoted];
    }),
  );
}

/** `io` with every write passed through the hidden values (maskValues takes the longest first). */
function hiding(io: Omit<Io, 'hide' | 'hidden'>): Io {
  const values: string[] = [];
  let mask = hider(values);
  const hide = (v: string | undefined): void => {
    if (v === undefined || v.length < MIN_HIDDEN || values.includes(v)) return;
    values.push(v);
    mask = hider(values);
  };
  hide(io.env[LOGIN_SECRET_VARIABLE]);
  const base = io;
  return Object.assign(Object.create(null) as Io, base, {
    out: (t: string) => base.out(mask(t)),
    err: (t: string) => base.err(mask(t)),
    ask: (question: string, onStderr?: boolean) => base.ask(mask(question), onStderr),
    hide,
    hidden: () => values,
  });
}

/** The real process: stdout, stderr, stdin. */
export function processIo(): Io {
  return hiding({
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
  });
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
  const io = hiding({
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
  });
  return Object.assign(io, { stdout: () => out, stderr: () => err });
}
